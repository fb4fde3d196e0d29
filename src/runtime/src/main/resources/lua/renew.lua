-- Extend a lease this process holds (never another's).
-- KEYS[1]  lease key   ARGV[1]  this holder's token   ARGV[2]  new time to live (ms)
-- Returns 1 if the lease was ours and is extended, 0 if it is gone or someone else's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0

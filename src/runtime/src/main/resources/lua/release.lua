-- Give back leases this pod holds (never another pod's).
-- KEYS[1..n]   lease keys;  ARGV[1]  this pod's token.  Returns the number released.
local released = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released

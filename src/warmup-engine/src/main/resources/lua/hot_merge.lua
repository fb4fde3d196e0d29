-- Merge one pod's top keys into the shared hot-key ranking, decaying what is there first.
-- Scores are decayed on write: before adding, every score is multiplied by 2^(-elapsed/half-life) for the time
-- since the last decay (kept in KEYS[2]), so a score always means "requests, halved every half-life, as of the
-- decay stamp". Decays from several pods compose (2^-a * 2^-b = 2^-(a+b)), so the order pods merge in does not
-- matter. A pod whose clock is behind the stamp adds without decaying (never un-decays). Entries under the floor
-- and beyond the size bound are dropped, so the set stays small however many keys were ever hot.
--
-- KEYS[1]  the ranking (sorted set of key ids)      KEYS[2]  its decay stamp (epoch ms)
-- ARGV[1]  now (epoch ms)   ARGV[2] half-life (ms)   ARGV[3] floor   ARGV[4] most entries   ARGV[5] idle TTL (ms)
-- ARGV[6..] pairs of key id and increment
-- Returns the size of the ranking afterwards.
local now = tonumber(ARGV[1])
local halfLife = tonumber(ARGV[2])
local stamp = redis.call('GET', KEYS[2])
local last = stamp and tonumber(stamp) or now
if now > last then
  local factor = 2 ^ (-(now - last) / halfLife)
  redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[1], 'WEIGHTS', string.format('%.17g', factor))
end
if now >= last then
  redis.call('SET', KEYS[2], tostring(now))
end
for i = 6, #ARGV, 2 do
  redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
local size = redis.call('ZCARD', KEYS[1])
local most = tonumber(ARGV[4])
if size > most then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - most - 1)
  size = most
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return size

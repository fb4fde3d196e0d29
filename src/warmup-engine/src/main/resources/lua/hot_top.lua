-- Read the top of the hot-key ranking with its decay stamp, in one consistent step.
-- KEYS[1]  the ranking   KEYS[2]  its decay stamp   ARGV[1]  how many entries
-- Returns { stamp or false, id1, score1, id2, score2, ... } (highest score first).
local out = { redis.call('GET', KEYS[2]) }
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
for i = 1, #top do
  out[#out + 1] = top[i]
end
return out

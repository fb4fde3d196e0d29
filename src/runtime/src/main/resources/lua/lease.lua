-- Cross-pod single flight: try to take a short lease on each key of one group.
-- KEYS[1..n]   lease keys
-- ARGV[1]      this pod's token
-- ARGV[2]      lease time to live in milliseconds
-- Returns an array with 1 where the lease was taken (or is already ours) and 0 where another pod holds it.
local result = {}
for i = 1, #KEYS do
  if redis.call('SET', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2]) then
    result[i] = 1
  elseif redis.call('GET', KEYS[i]) == ARGV[1] then
    result[i] = 1
  else
    result[i] = 0
  end
end
return result

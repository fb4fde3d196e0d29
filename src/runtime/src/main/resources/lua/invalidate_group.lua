-- Invalidates one cache of one group: bumps the (group, cache) generation, so every value written under the old
-- generation is invisible at once and every fill that read before this call is refused; then unlinks the cache's
-- keys listed in the group's index set, to free the memory now rather than at expiry.
--
-- KEYS[1]      generation key of (group, cache)
-- KEYS[2]      index set of the group
-- ARGV[1]      the prefix shared by this cache's keys in the group
-- Returns the number of values removed. (The index lists keys of one hash slot, so the undeclared keys it names
-- live on this node also in a cluster.)
redis.call('INCR', KEYS[1])
local removed = 0
local prefix = ARGV[1]
for _, key in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if string.sub(key, 1, string.len(prefix)) == prefix then
    removed = removed + redis.call('UNLINK', key)
    redis.call('SREM', KEYS[2], key)
  end
end
return removed

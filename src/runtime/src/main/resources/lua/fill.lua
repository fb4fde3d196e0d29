-- Conditional write of cache values of one cache of one group (all keys share one hash tag: one cluster slot).
-- A value is written only if the generation of (group, cache) is still the one the writer read, and the key
-- still holds the version the writer read (or is still absent): a reader that loaded old data before an
-- invalidation can never write it back after it. Writers that update a value (ingest) use the same
-- compare-and-set. Written keys are added to the group's index set, so invalidation never needs KEYS or SCAN.
--
-- KEYS[1]      generation key of (group, cache)
-- KEYS[2]      index set of the group
-- KEYS[3..n]   value keys
-- ARGV[1]      expected generation (decimal; "0" stands for a missing generation key)
-- ARGV[2]      time to live of the index set in milliseconds (the longest value TTL)
-- then, for each value key i (0-based), three arguments at 3 + 3i:
--   value      the encoded envelope (its generation field already holds the expected generation)
--   px         time to live in milliseconds
--   expected   "" = the key must be absent; "*" = overwrite anything; otherwise the 8 version bytes
--              (big-endian) that must sit at bytes 5..12 of the current value
-- Returns one flag per value key: 1 written, 0 refused (version moved); or -1 (a number, not an array) when the
-- generation moved and nothing was written.
local generation = redis.call('GET', KEYS[1]) or '0'
if generation ~= ARGV[1] then
  return -1
end
local result = {}
local any = false
for i = 3, #KEYS do
  local base = 3 + (i - 3) * 3
  local expected = ARGV[base + 2]
  local ok = false
  if expected == '*' then
    ok = true
  else
    local current = redis.call('GET', KEYS[i])
    if expected == '' then
      ok = (current == false)
    else
      ok = (current ~= false) and (string.sub(current, 5, 12) == expected)
    end
  end
  if ok then
    redis.call('SET', KEYS[i], ARGV[base], 'PX', ARGV[base + 1])
    redis.call('SADD', KEYS[2], KEYS[i])
    any = true
    result[i - 2] = 1
  else
    result[i - 2] = 0
  end
end
if any and redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return result

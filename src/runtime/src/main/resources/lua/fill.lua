-- Conditional write of cache values of one group (all keys share one hash tag, hence one cluster slot).
-- A value is written only if the group's generation is still the one the writer read, and the key still holds
-- the version the writer read (or is still absent): a reader that loaded old data before an invalidation can
-- never write it back after it. Ingest updates use the same compare-and-set.
--
-- KEYS[1]      generation key of the group
-- KEYS[2..n]   value keys
-- ARGV[1]      expected generation (decimal; "0" stands for a missing generation key)
-- then, for each value key i (0-based), three arguments at 2 + 3i:
--   value      the encoded envelope (its generation field already holds the expected generation)
--   px         time to live in milliseconds
--   expected   "" = the key must be absent; "*" = overwrite anything; otherwise the 8 version bytes
--              (big-endian) that must sit at bytes 5..12 of the current value
-- Returns the number of values written, or -1 when the generation moved (nothing written).
local generation = redis.call('GET', KEYS[1]) or '0'
if generation ~= ARGV[1] then
  return -1
end
local written = 0
for i = 2, #KEYS do
  local base = 2 + (i - 2) * 3
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
    written = written + 1
  end
end
return written

-- Exact-key invalidation of keys of one group: each key is replaced by a tombstone whose version is one more than
-- the version it held (0 if it held nothing). Readers see a tombstone as absent; a fill that read the key before
-- (absent, or an older version) no longer matches and is refused. The tombstone expires after ARGV[2] ms.
--
-- KEYS[1..n]   value keys
-- ARGV[1]      a tombstone envelope (48 bytes) whose version field (bytes 5..12) is replaced per key
-- ARGV[2]      tombstone time to live in milliseconds
-- Returns the number of keys that held a live value (a tombstone or nothing does not count).
local removed = 0
local head = string.sub(ARGV[1], 1, 4)
local tail = string.sub(ARGV[1], 13)
for i = 1, #KEYS do
  local current = redis.call('GET', KEYS[i])
  local version = 0
  if current ~= false and string.len(current) >= 48 and string.sub(current, 1, 1) == 'M' then
    version = struct.unpack('>i8', string.sub(current, 5, 12)) + 1
    if string.byte(current, 3) ~= 0 then
      removed = removed + 1
    end
  elseif current ~= false then
    removed = removed + 1
  end
  redis.call('SET', KEYS[i], head .. struct.pack('>i8', version) .. tail, 'PX', ARGV[2])
end
return removed

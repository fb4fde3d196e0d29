-- Compare-and-set of the live-configuration document: the new document is stored only if the current version is
-- the one the writer read (ARGV[1]; 0 when nothing is stored yet), as version ARGV[1] + 1, with its history entry,
-- and the new version is announced on the change channel. All in one script, so two writers that read the same
-- version cannot both win.
--
-- KEYS[1]  document hash: version, config, updatedAt, updatedBy
-- KEYS[2]  history list, newest first
-- ARGV[1]  expected current version
-- ARGV[2]  the new document (JSON)
-- ARGV[3]  when (ISO-8601)
-- ARGV[4]  who (the admin token's name)
-- ARGV[5]  the history entry (JSON, already carrying version ARGV[1] + 1)
-- ARGV[6]  history entries kept
-- ARGV[7]  channel on which the new version is published
-- Returns {1, new version} when written, {0, current version} when ARGV[1] is not current.
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  return {0, current}
end
local nextVersion = current + 1
redis.call('HSET', KEYS[1], 'version', nextVersion, 'config', ARGV[2], 'updatedAt', ARGV[3], 'updatedBy', ARGV[4])
redis.call('LPUSH', KEYS[2], ARGV[5])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
redis.call('PUBLISH', ARGV[7], nextVersion)
return {1, nextVersion}

-- Store::record_delivery, second half (port of memory.rs `record_delivery`): merges one report
-- into the send it belongs to. The first half (a GET of the write-once message index) found
-- the challenge and seq; this re-checks that the send carries this provider and message id,
-- then raises the status only to a strictly higher rank (monotone; duplicates are no-ops).
-- KEYS[1] log. ARGV: seq, provider, message id, status, rank, now, error code ('' none).
-- Replies: {'U'} unknown | {'C'|'N', status, step, channel} changed | not changed.
local log, seq = KEYS[1], ARGV[1]
local v = redis.call('HMGET', log, seq .. ':p', seq .. ':m', seq .. ':r', seq .. ':st',
  seq .. ':s', seq .. ':c')
if v[1] ~= ARGV[2] or v[2] ~= ARGV[3] then return {'U'} end
if tonumber(ARGV[5]) > tonumber(v[3]) then
  redis.call('HSET', log, seq .. ':st', ARGV[4], seq .. ':r', ARGV[5], seq .. ':u', ARGV[6])
  if ARGV[7] ~= '' then redis.call('HSET', log, seq .. ':e', ARGV[7]) end
  return {'C', ARGV[4], v[5], v[6]}
end
return {'N', v[4], v[5], v[6]}

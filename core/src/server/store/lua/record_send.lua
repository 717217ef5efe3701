-- Store::record_send (port of memory.rs `record_send`): appends one send to a challenge's
-- delivery log and indexes its provider message id, atomically. Log hash fields per send
-- `<seq>:<f>`: s step, c channel, p provider, m message id ('' none), t sent_at, st status,
-- r status rank, u updated_at, e error code ('' none), d destination hash. Both keys share the {ctr} hash tag.
-- KEYS[1] log, KEYS[2] message index (only when the send has a message id).
-- ARGV: now, keep_until, challenge id, seq, step, channel, provider, message id, sent_at,
--   status, rank, updated_at, error code, destination hash.
-- Replies: 1 recorded | 0 the log already has this seq (nothing changed)
--   | 2 the message id is indexed for another send (nothing changed).
local log = KEYS[1]
local now, keep = tonumber(ARGV[1]), tonumber(ARGV[2])
local seq = ARGV[4]
if redis.call('HEXISTS', log, seq .. ':s') == 1 then return 0 end
local want = ARGV[3] .. ':' .. seq
if KEYS[2] then
  local cur = redis.call('GET', KEYS[2])
  if cur and cur ~= want then return 2 end
end
redis.call('HSET', log, seq .. ':s', ARGV[5], seq .. ':c', ARGV[6], seq .. ':p', ARGV[7],
  seq .. ':m', ARGV[8], seq .. ':t', ARGV[9], seq .. ':st', ARGV[10], seq .. ':r', ARGV[11],
  seq .. ':u', ARGV[12], seq .. ':e', ARGV[13], seq .. ':d', ARGV[14])
local ttl = keep - now
if ttl < 1 then ttl = 1 end
-- A log lives until its latest keep_until (TTL -1: new key without expiry yet).
if redis.call('TTL', log) < ttl then redis.call('EXPIRE', log, ttl) end
if KEYS[2] then redis.call('SET', KEYS[2], want, 'EX', ttl) end
return 1

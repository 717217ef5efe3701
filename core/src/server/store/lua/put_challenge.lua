-- Store::put_challenge (port of store/logic.rs `may_put`). Hash {m mac hex, k key id,
--   e expires_at, a attempts left}; kept until e + grace.
-- KEYS[1] challenge. ARGV: now, mode ('create' | 'replace'), mac hex, key id, expires_at,
--   attempts, grace. Reply: 1 stored, 0 refused.
local k = KEYS[1]
local now = tonumber(ARGV[1])
local v = redis.call('HMGET', k, 'e', 'a')
local e, a = tonumber(v[1]), tonumber(v[2]) or 0
local live = e ~= nil and e > now
if ARGV[2] == 'replace' then
  if not (live and a > 0) then return 0 end
elseif live then
  return 0
end
local exp = tonumber(ARGV[5])
redis.call('HSET', k, 'm', ARGV[3], 'k', ARGV[4], 'e', ARGV[5], 'a', ARGV[6])
local ttl = exp + tonumber(ARGV[7]) - now
if ttl < 1 then ttl = 1 end
redis.call('EXPIRE', k, ttl)
return 1

-- Store::put_challenge (port of store/logic.rs `may_put` then `hit_counters`): one send of a
-- challenge. Liveness is checked first, so a send that cannot happen counts nothing; then the
-- send counters, all-or-nothing; then the record is written. Hash {m mac hex, k key id,
-- e expires_at, a attempts left}; kept until e + grace. All KEYS share the {ctr} hash tag.
-- KEYS[1] challenge, KEYS[2..] counters. ARGV: now, mode ('create' | 'replace'), mac hex,
--   key id, expires_at, attempts, grace, then max_i, window_i for each counter.
-- Replies: {1} stored (counters incremented) | {2} refused by mode (nothing counted)
--   | {0, index (0-based counter), retry_after} denied (nothing counted or stored).
local k = KEYS[1]
local now = tonumber(ARGV[1])
local v = redis.call('HMGET', k, 'e', 'a')
local e, a = tonumber(v[1]), tonumber(v[2]) or 0
local live = e ~= nil and e > now
if ARGV[2] == 'replace' then
  if not (live and a > 0) then return {2} end
elseif live then
  return {2}
end

local st = {}
local deny_i, deny_r = nil, 0
for i = 2, #KEYS do
  local max, win = tonumber(ARGV[4 + 2 * i]), tonumber(ARGV[5 + 2 * i])
  local c = redis.call('HMGET', KEYS[i], 's', 'n')
  local s, n = tonumber(c[1]), tonumber(c[2]) or 0
  if s == nil or now >= s + win then s = now; n = 0 end
  st[i] = {s, n}
  if n >= max and deny_i == nil then deny_i = i; deny_r = s + win - now end
end
if deny_i then return {0, deny_i - 2, deny_r} end
for i = 2, #KEYS do
  local win = tonumber(ARGV[5 + 2 * i])
  local s, n = st[i][1], st[i][2] + 1
  redis.call('HSET', KEYS[i], 's', string.format('%d', s), 'n', string.format('%d', n))
  local ttl = s + win - now
  if ttl < 1 then ttl = 1 end
  redis.call('EXPIRE', KEYS[i], ttl)
end

local exp = tonumber(ARGV[5])
redis.call('HSET', k, 'm', ARGV[3], 'k', ARGV[4], 'e', ARGV[5], 'a', ARGV[6])
local ttl = exp + tonumber(ARGV[7]) - now
if ttl < 1 then ttl = 1 end
redis.call('EXPIRE', k, ttl)
return {1}

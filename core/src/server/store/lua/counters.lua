-- Store::hit_counters (port of store/logic.rs `hit_counters`): all-or-nothing fixed windows.
-- Each counter is a hash {s = window start, n = count}. All KEYS share one hash tag.
-- ARGV: now, then max_i, window_i for each key.
-- Replies: {1} allowed (all incremented) | {0, index (0-based), retry_after} (none incremented).
local now = tonumber(ARGV[1])
local st = {}
local deny_i, deny_r = nil, 0
for i = 1, #KEYS do
  local max, win = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local v = redis.call('HMGET', KEYS[i], 's', 'n')
  local s, c = tonumber(v[1]), tonumber(v[2]) or 0
  if s == nil or now >= s + win then s = now; c = 0 end
  st[i] = {s, c}
  if c >= max and deny_i == nil then deny_i = i; deny_r = s + win - now end
end
if deny_i then return {0, deny_i - 1, deny_r} end
for i = 1, #KEYS do
  local win = tonumber(ARGV[2 * i + 1])
  local s, c = st[i][1], st[i][2] + 1
  redis.call('HSET', KEYS[i], 's', string.format('%d', s), 'n', string.format('%d', c))
  local ttl = s + win - now
  if ttl < 1 then ttl = 1 end
  redis.call('EXPIRE', KEYS[i], ttl)
end
return {1}

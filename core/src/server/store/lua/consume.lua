-- Store::consume_challenge_attempt (port of store/logic.rs `consume`): uses one attempt,
-- then compares the stored MAC with the candidate of the record's key id (no early exit).
-- KEYS[1] challenge. ARGV: now, grace, then key id / mac hex pairs.
-- Replies: {'A'} accepted (deleted) | {'W', remaining} | {'X'} exhausted | {'E'} expired
--   (deleted) | {'U'} unknown.
local k = KEYS[1]
local now, grace = tonumber(ARGV[1]), tonumber(ARGV[2])
local v = redis.call('HMGET', k, 'm', 'k', 'e', 'a')
local e, a = tonumber(v[3]), tonumber(v[4])
if e == nil or a == nil then return {'U'} end
if now >= e + grace then
  redis.call('DEL', k)
  return {'U'}
end
if e <= now then
  redis.call('DEL', k)
  return {'E'}
end
if a <= 0 then return {'X'} end
a = a - 1
redis.call('HSET', k, 'a', string.format('%d', a))

local function ct_eq(x, y)
  if #x ~= #y then return false end
  local diff = 0
  for i = 1, #x do
    diff = bit.bor(diff, bit.bxor(string.byte(x, i), string.byte(y, i)))
  end
  return diff == 0
end
local matched = false
for i = 3, #ARGV - 1, 2 do
  if ARGV[i] == v[2] and ct_eq(ARGV[i + 1], v[1]) then matched = true end
end
if matched then
  redis.call('DEL', k)
  return {'A'}
end
return {'W', a}

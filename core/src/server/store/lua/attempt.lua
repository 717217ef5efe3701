-- Store::attempt (port of store/logic.rs `attempt`). One credential hash:
--   f failures, l locked_until, h high-water step, d drift, ws/wc rate window start/count.
-- KEYS[1] credential. ARGV: now, free_failures, base_backoff, max_backoff, max_failures,
--   rate_max (0 = none), rate_window, ttl (0 = keep), center, back, forward,
--   drift_max (-1 = no drift), matching steps...
-- Replies: {'A', step, drift} accepted | {'I', remaining} invalid | {'P', remaining} replayed
--   | {'L', until} locked | {'R', retry_after} rate limited | {'X'} exhausted.
local k = KEYS[1]
local now = tonumber(ARGV[1])
local free, base, maxb = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local cap, rmax, rwin = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ttl = tonumber(ARGV[8])
local center, back, fwd = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local dmax = tonumber(ARGV[12])

local v = redis.call('HMGET', k, 'f', 'l', 'h', 'd', 'ws', 'wc')
local f = tonumber(v[1]) or 0
local l = tonumber(v[2]) or 0
local h = tonumber(v[3])
local d = tonumber(v[4]) or 0
local ws = tonumber(v[5]) or 0
local wc = tonumber(v[6]) or 0

local function n(x) return string.format('%d', x) end
local function save()
  if h then
    redis.call('HSET', k, 'f', n(f), 'l', n(l), 'd', n(d), 'ws', n(ws), 'wc', n(wc), 'h', n(h))
  else
    redis.call('HSET', k, 'f', n(f), 'l', n(l), 'd', n(d), 'ws', n(ws), 'wc', n(wc))
  end
  if ttl > 0 then redis.call('EXPIRE', k, ttl) else redis.call('PERSIST', k) end
end

if f >= cap then return {'X'} end
if l > now then return {'L', l} end
if rmax > 0 then
  if now >= ws + rwin then ws = now; wc = 0 end
  if wc >= rmax then
    save()
    return {'R', ws + rwin - now}
  end
  wc = wc + 1
end
-- The attempt is taken (counted as a failure) before the claim is looked at.
f = f + 1

local dd = 0
if dmax >= 0 then dd = d end
local lo, hi = center + dd - back, center + dd + fwd
local replayed = false
for i = 13, #ARGV do
  local s = tonumber(ARGV[i])
  if s >= lo and s <= hi then
    if h ~= nil and s <= h then
      replayed = true
    else
      h = s; f = 0; l = 0
      if dmax >= 0 then
        local nd = s - center
        if nd > dmax then nd = dmax elseif nd < -dmax then nd = -dmax end
        d = nd
      end
      save()
      return {'A', s, d}
    end
  end
end

if f > free then
  local bo = base
  for _ = 1, f - free - 1 do
    bo = bo * 2
    if bo >= maxb then break end
  end
  if bo > maxb then bo = maxb end
  l = now + bo
end
save()
local rem = cap - f
if rem < 0 then rem = 0 end
if replayed then return {'P', rem} end
return {'I', rem}

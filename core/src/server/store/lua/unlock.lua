-- Store::unlock: clears failures, lock and rate window; keeps high-water mark and drift.
-- KEYS[1] credential. Reply: 1 if the credential existed, else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'f', '0', 'l', '0', 'ws', '0', 'wc', '0')
return 1

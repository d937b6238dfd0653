-- Takes or renews a node's lease. Answers 1 if the lease was still held, 0 if it had expired (or
-- never existed): then the node may have been reaped and must register its connections again.
-- KEYS[1] heartbeat key  KEYS[2] node set  ARGV[1] lease id  ARGV[2] ttl in ms  ARGV[3] value
local held = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return held

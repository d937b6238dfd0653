-- Records one event (client_event, cache_miss) in the event stream, stamped with Redis time.
-- KEYS[1] event stream  ARGV[1] stream max length  ARGV[2] app id  ARGV[3] event JSON
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'app', ARGV[2], 'time', now, 'event', ARGV[3])

-- Records subscription_added for a signed-in socket of a private channel again, if the socket is
-- still subscribed there under this node's lease: when the connection signs in after subscribing,
-- and periodically as a refresh for consumers that expire what is not refreshed. Checked and
-- recorded atomically, so a refresh never follows the socket's subscription_removed.
-- KEYS[1] channel sockets (hash socket id -> node id)  KEYS[2] event stream
-- ARGV[1] app id  ARGV[2] channel  ARGV[3] socket id  ARGV[4] node id (lease)  ARGV[5] user id
-- ARGV[6] stream max length. Answers 1 if recorded, 0 if the socket is not subscribed.
if redis.call('HGET', KEYS[1], ARGV[3]) ~= ARGV[4] then
  return 0
end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'app', ARGV[1], 'time', now, 'event',
  cjson.encode({ name = 'subscription_added', channel = ARGV[2], socket_id = ARGV[3], user_id = ARGV[5] }))
return 1

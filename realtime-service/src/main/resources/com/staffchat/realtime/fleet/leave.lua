-- Removes one socket from one channel, fleet-wide and atomically. channel_vacated and
-- member_removed are not recorded at once: they wait in the grace set for ARGV[10] ms, and a
-- join in that time cancels them (join.lua). Removing a socket that is not there changes nothing,
-- so a crashed node's sockets can be reaped more than once without a second event.
-- Answers a JSON object: removed, vacated, last (the user's last connection), count.
--
-- KEYS as in join.lua.
-- ARGV[1] app id  ARGV[2] channel  ARGV[3] socket id  ARGV[4] node id  ARGV[5] node index entry
-- ARGV[6] stream max length  ARGV[7] '1' to record subscription_count  ARGV[8] user id ('' unless presence)
-- ARGV[9] unused  ARGV[10] grace in ms  ARGV[11] '1' to remove only if still owned by node ARGV[4]
-- (the reaper: a node that re-registered under a new lease keeps its sockets)
-- ARGV[12] the signed-in user of the socket, to record subscription_removed for ('' for none)
local app, channel, socket, entry = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
local user = ARGV[8]
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local due = now + tonumber(ARGV[10])

redis.call('SREM', KEYS[3], entry)
if ARGV[11] == '1' and redis.call('HGET', KEYS[1], socket) ~= ARGV[4] then
  return cjson.encode({ removed = false, vacated = false, last = false, count = redis.call('HLEN', KEYS[1]) })
end
if redis.call('HDEL', KEYS[1], socket) == 0 then
  return cjson.encode({ removed = false, vacated = false, last = false, count = redis.call('HLEN', KEYS[1]) })
end
local count = redis.call('HLEN', KEYS[1])
local vacated, last = count == 0, false
if ARGV[12] ~= '' then
  -- at once, not after the grace: the socket is gone for good (a reconnect is a new socket id)
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[6], '*', 'app', app, 'time', now, 'event',
    cjson.encode({ name = 'subscription_removed', channel = channel, socket_id = socket, user_id = ARGV[12] }))
end
if user ~= '' then
  if redis.call('HINCRBY', KEYS[6], user, -1) <= 0 then
    last = true
    redis.call('HDEL', KEYS[6], user)
    redis.call('ZREM', KEYS[4], user)
    redis.call('HDEL', KEYS[5], user)
    redis.call('ZADD', KEYS[7], due, cjson.encode({ app, 'member_removed', channel, user }))
  end
elseif ARGV[7] == '1' then
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[6], '*', 'app', app, 'time', now, 'event',
    cjson.encode({ name = 'subscription_count', channel = channel, subscription_count = count }))
end
if vacated then
  redis.call('HDEL', KEYS[2], channel)
  -- One millisecond later than member_removed, so that a receiver sees the member leave first.
  redis.call('ZADD', KEYS[7], due + 1, cjson.encode({ app, 'channel_vacated', channel }))
else
  redis.call('HSET', KEYS[2], channel, count)
end
return cjson.encode({ removed = true, vacated = vacated, last = last, count = count })

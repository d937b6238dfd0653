-- Adds one socket to one channel, fleet-wide and atomically, and records the webhook events this
-- transition causes. Answers a JSON object: refused, occupied, first (the user's first connection),
-- count (subscriptions on the channel) and, for presence channels, the roster.
--
-- KEYS[1] channel sockets (hash socket id -> node id)   KEYS[2] app channels (hash channel -> count)
-- KEYS[3] node index (set of entries to undo on crash)   KEYS[4] presence users (zset user -> join time)
-- KEYS[5] presence user_info (hash)                      KEYS[6] presence connections per user (hash)
-- KEYS[7] grace (zset of pending vacated/removed events) KEYS[8] event stream
-- ARGV[1] app id  ARGV[2] channel  ARGV[3] socket id  ARGV[4] node id  ARGV[5] node index entry
-- ARGV[6] stream max length  ARGV[7] '1' to record subscription_count  ARGV[8] user id ('' unless presence)
-- ARGV[9] user_info JSON  ARGV[10] most presence members
-- ARGV[11] the signed-in user of the socket, to record subscription_added for ('' for none: not a
-- private channel, not signed in, or the presence topic is off)
local app, channel, socket, node, entry = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local user = ARGV[8]
local presence = user ~= ''
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)

local function record(event)
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[6], '*', 'app', app, 'time', now, 'event', cjson.encode(event))
end

local function roster()
  local ids = redis.call('ZRANGE', KEYS[4], 0, -1)
  local members = {}
  if #ids > 0 then
    local infos = redis.call('HMGET', KEYS[5], unpack(ids))
    for i, id in ipairs(ids) do
      members[i] = { id, infos[i] or 'null' }
    end
  end
  return members
end

local owner = redis.call('HGET', KEYS[1], socket)
local already = owner ~= false
if already and owner ~= node then
  -- Registered again under this node's new lease (the old one expired): move it, change nothing else.
  redis.call('HSET', KEYS[1], socket, node)
  redis.call('SADD', KEYS[3], entry)
end
if presence and not already and not redis.call('HGET', KEYS[6], user)
    and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[10]) then
  return cjson.encode({ refused = true })
end
local occupied, first = false, false
if not already then
  redis.call('HSET', KEYS[1], socket, node)
  local count = redis.call('HLEN', KEYS[1])
  redis.call('HSET', KEYS[2], channel, count)
  redis.call('SADD', KEYS[3], entry)
  if count == 1 then
    occupied = true
    -- A vacate still in its grace period is cancelled, and then nobody is told of the occupation.
    if redis.call('ZREM', KEYS[7], cjson.encode({ app, 'channel_vacated', channel })) == 0 then
      record({ name = 'channel_occupied', channel = channel })
    end
  end
  if presence then
    if redis.call('HINCRBY', KEYS[6], user, 1) == 1 then
      first = true
      redis.call('ZADD', KEYS[4], now, user)
      redis.call('HSET', KEYS[5], user, ARGV[9])
      if redis.call('ZREM', KEYS[7], cjson.encode({ app, 'member_removed', channel, user })) == 0 then
        record({ name = 'member_added', channel = channel, user_id = user })
      end
    end
  elseif ARGV[7] == '1' then
    record({ name = 'subscription_count', channel = channel, subscription_count = count })
  end
  if ARGV[11] ~= '' then
    record({ name = 'subscription_added', channel = channel, socket_id = socket, user_id = ARGV[11] })
  end
end
local answer = { refused = false, occupied = occupied, first = first, count = redis.call('HLEN', KEYS[1]) }
if presence then
  answer.roster = roster()
end
return cjson.encode(answer)

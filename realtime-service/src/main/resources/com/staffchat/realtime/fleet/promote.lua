-- Moves vacated/removed events whose grace period has passed from the grace set to the event
-- stream. Atomic, so each event is recorded once however many nodes run this at the same time.
-- KEYS[1] grace set  KEYS[2] event stream  ARGV[1] stream max length  ARGV[2] most events per call
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, pending in ipairs(due) do
  redis.call('ZREM', KEYS[1], pending)
  local p = cjson.decode(pending)
  local event = { name = p[2], channel = p[3] }
  if p[4] then
    event.user_id = p[4]
  end
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'app', p[1], 'time', now, 'event', cjson.encode(event))
end
return #due

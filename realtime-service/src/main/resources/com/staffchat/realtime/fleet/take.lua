-- Takes events from the stream for one consumer of a group: first the entries that consumers of
-- dead nodes (no heartbeat key) had taken but not acknowledged, then new entries. Answers a JSON
-- array of [id, field, value, ...] arrays.
-- KEYS[1] event stream  ARGV[1] group  ARGV[2] this consumer (node id)  ARGV[3] most entries
-- ARGV[4] heartbeat key prefix  ARGV[5] heartbeat key suffix
local stream, group, me, count = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
redis.pcall('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
local taken = {}
local function add(entries)
  if entries then
    for _, entry in ipairs(entries) do
      if entry and entry[1] then
        local row = { entry[1] }
        for _, v in ipairs(entry[2]) do
          row[#row + 1] = v
        end
        taken[#taken + 1] = row
      end
    end
  end
end
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
  local name, pending
  for i = 1, #consumer, 2 do
    if consumer[i] == 'name' then name = consumer[i + 1] end
    if consumer[i] == 'pending' then pending = consumer[i + 1] end
  end
  if name ~= me and redis.call('EXISTS', ARGV[4] .. name .. ARGV[5]) == 0 then
    if pending > 0 and #taken < count then
      local ids = {}
      for _, p in ipairs(redis.call('XPENDING', stream, group, '-', '+', count - #taken, name)) do
        ids[#ids + 1] = p[1]
      end
      if #ids > 0 then
        add(redis.call('XCLAIM', stream, group, me, 0, unpack(ids)))
        -- Entries trimmed from the stream stay pending under the dead consumer: acknowledge them.
        for _, id in ipairs(ids) do
          if #redis.call('XRANGE', stream, id, id) == 0 then
            redis.call('XACK', stream, group, id)
          end
        end
      end
    elseif pending == 0 then
      redis.call('XGROUP', 'DELCONSUMER', stream, group, name)
    end
  end
end
if #taken < count then
  local fresh = redis.call('XREADGROUP', 'GROUP', group, me, 'COUNT', count - #taken, 'STREAMS', stream, '>')
  if fresh then
    add(fresh[1][2])
  end
end
if #taken == 0 then
  return '[]'
end
return cjson.encode(taken)

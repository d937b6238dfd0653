-- Takes or keeps a role that one node at a time may hold (the Kafka relay). Answers 1 when this
-- holder has it (now renewed for ARGV[2] ms), 0 when another holder does.
-- KEYS[1] role key  ARGV[1] holder (a node's lease)  ARGV[2] ttl in ms
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0

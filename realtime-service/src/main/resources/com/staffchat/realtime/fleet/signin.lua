-- Records a signed-in user's connection (KEYS[1] user's sockets hash, KEYS[2] app users hash,
-- KEYS[3] node user index). ARGV[1] user id, ARGV[2] socket id, ARGV[3] node id, ARGV[4] index entry,
-- ARGV[5] '1' to add, '0' to remove, 'reap' to remove only if still owned by node ARGV[3].
-- Answers the user's connection count fleet-wide.
if ARGV[5] == '1' then
  local owner = redis.call('HGET', KEYS[1], ARGV[2])
  if not owner then
    redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
  end
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[4])
else
  redis.call('SREM', KEYS[3], ARGV[4])
  if ARGV[5] == 'reap' and redis.call('HGET', KEYS[1], ARGV[2]) ~= ARGV[3] then
    return redis.call('HLEN', KEYS[1])
  end
  if redis.call('HDEL', KEYS[1], ARGV[2]) == 1 then
    if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then
      redis.call('HDEL', KEYS[2], ARGV[1])
    end
  end
end
return redis.call('HLEN', KEYS[1])

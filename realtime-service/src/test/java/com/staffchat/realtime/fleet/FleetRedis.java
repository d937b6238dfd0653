package com.staffchat.realtime.fleet;

import java.time.Duration;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The local Redis (127.0.0.1:6379) for fleet tests, with a key prefix of its own per test so that
 * runs never see each other's keys. {@link #close()} deletes the prefix's keys.
 */
public final class FleetRedis implements AutoCloseable {

    private final LettuceConnectionFactory factory;

    private final ReactiveStringRedisTemplate redis;

    private final String prefix = "rt-test-" + UUID.randomUUID();

    public FleetRedis() {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
    }

    public String prefix() {
        return prefix;
    }

    public ReactiveStringRedisTemplate template() {
        return redis;
    }

    /** Fleet settings for a test node: short lease, reaping and polling so crashes show quickly. */
    public FleetProperties properties(String nodeId) {
        return FleetProperties.defaults(prefix, nodeId)
                .withLease(Duration.ofMillis(1500), Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Override
    public void close() {
        redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
                        .match(prefix + ":*")
                        .count(1000)
                        .build())
                .flatMap(redis::delete)
                .then()
                .block(Duration.ofSeconds(10));
        factory.destroy();
    }
}

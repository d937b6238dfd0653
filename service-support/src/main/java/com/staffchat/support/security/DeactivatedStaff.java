package com.staffchat.support.security;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who is deactivated, per hotel: one Redis set per hotel ({@code staffchat:deactivated:{hotel}}, staff
 * ids as members). message-service, the staff directory's owner, writes it in the transaction that
 * changes the directory and rebuilds it from its table at start and every minute; every HTTP
 * service (and the gateway) reads it on each authenticated request, so no service reads another's
 * tables and a deactivation takes effect on the very next request.
 */
public class DeactivatedStaff {

    static final String PREFIX = "staffchat:deactivated:";

    private final ReactiveStringRedisTemplate redis;

    public DeactivatedStaff(ReactiveRedisConnectionFactory connections) {
        this.redis = new ReactiveStringRedisTemplate(connections);
    }

    static String key(String hotel) {
        return PREFIX + hotel;
    }

    /** How long a request waits for Redis before it is refused with a 503 (fail closed, but fast). */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    /** Whether the person is deactivated; errors when Redis cannot answer in time (callers refuse then). */
    public Mono<Boolean> contains(String hotel, long staffId) {
        return redis.opsForSet().isMember(key(hotel), Long.toString(staffId)).timeout(CHECK_TIMEOUT);
    }

    public Mono<Void> deactivate(String hotel, Collection<Long> staffIds) {
        if (staffIds.isEmpty()) {
            return Mono.empty();
        }
        return redis.opsForSet()
                .add(key(hotel), staffIds.stream().map(String::valueOf).toArray(String[]::new))
                .then();
    }

    public Mono<Void> reactivate(String hotel, Collection<Long> staffIds) {
        if (staffIds.isEmpty()) {
            return Mono.empty();
        }
        return redis.opsForSet()
                .remove(key(hotel), staffIds.stream().map(String::valueOf).toArray())
                .then();
    }

    /**
     * Makes Redis say exactly {@code byHotel}: each hotel's set is written under a temporary key and
     * renamed over the old one (atomic), hotels no longer listed lose their set.
     */
    public Mono<Void> replaceAll(Map<String, Set<Long>> byHotel) {
        Set<String> wanted = new HashSet<>();
        byHotel.keySet().forEach(h -> wanted.add(key(h)));
        Mono<Void> stale = redis.scan(
                        ScanOptions.scanOptions().match(PREFIX + "*").count(500).build())
                .filter(k -> !wanted.contains(k) && !k.endsWith(":rebuild"))
                .concatMap(redis::delete)
                .then();
        Mono<Void> write = Flux.fromIterable(byHotel.entrySet())
                .filter(e -> !e.getValue().isEmpty())
                .concatMap(e -> {
                    String tmp = key(e.getKey()) + ":rebuild";
                    return redis.delete(tmp)
                            .then(redis.opsForSet()
                                    .add(
                                            tmp,
                                            e.getValue().stream()
                                                    .map(String::valueOf)
                                                    .toArray(String[]::new)))
                            .then(redis.rename(tmp, key(e.getKey())));
                })
                .then();
        return write.then(stale);
    }
}

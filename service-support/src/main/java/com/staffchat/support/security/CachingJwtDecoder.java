package com.staffchat.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Verifies each token once, not once per request: a token that the delegate accepted is kept,
 * keyed by its whole text, until its {@code exp} (or {@code maxAge}, whichever comes first), and the
 * same text is accepted again without parsing, signature check and claim validation. A client sends
 * the same token for every request of its lifetime, so under load nearly every request is a hit;
 * the JWT decode was about 6 % of the CPU of the gateway and of message-service at 150 messages a
 * second (docs/benchmarks.md). Only accepted tokens are kept (a refused one is checked every time
 * and so is refused every time), a token not yet valid ({@code nbf} ahead) is not kept, and an entry
 * ends at the token's {@code exp}: after it the delegate decides again, with its clock skew. What the
 * cache does not change: whether the person is deactivated is checked on every request after
 * authentication ({@link DeactivatedStaffFilter}), hit or miss.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> accepted;

    CachingJwtDecoder(ReactiveJwtDecoder delegate, long maxTokens, Duration maxAge, Clock clock, Ticker ticker) {
        this.delegate = delegate;
        this.clock = clock;
        long maxAgeNanos = maxAge.toNanos();
        this.accepted = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Jwt>() {
                    @Override
                    public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                        return Math.min(maxAgeNanos, untilExpiry(jwt));
                    }

                    @Override
                    public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return expireAfterCreate(token, jwt, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    CachingJwtDecoder(ReactiveJwtDecoder delegate, long maxTokens, Duration maxAge) {
        this(delegate, maxTokens, maxAge, Clock.systemUTC(), Ticker.systemTicker());
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = accepted.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && clock.instant().isBefore(known.getExpiresAt())) {
            return Mono.just(known);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            Instant now = clock.instant();
            boolean started = jwt.getNotBefore() == null || !jwt.getNotBefore().isAfter(now);
            if (started && jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(now)) {
                accepted.put(token, jwt);
            }
        });
    }

    private long untilExpiry(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(clock.instant(), jwt.getExpiresAt()).toNanos());
    }
}

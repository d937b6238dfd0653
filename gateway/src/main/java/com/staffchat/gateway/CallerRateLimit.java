package com.staffchat.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.staffchat.support.problem.ProblemResponses;
import com.staffchat.support.security.StaffPrincipal;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Locale;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A token bucket per person (hotel and staff id from the validated token), kept in this gateway
 * instance's memory, as Envoy's local rate limit does: no Redis round trip on a request's path, and
 * nothing to fail open when Redis is slow. The configured rate and burst are the totals across the
 * {@code staffchat.rate-limit.instances} gateway instances; each instance enforces its share, so a
 * caller spread over the instances by the load balancer never exceeds the total (one pinned to a
 * single instance gets its share only: stricter, never looser). Over the limit: 429 with an
 * RFC 9457 body, {@code Retry-After} (when the bucket has a token again) and the bucket's
 * {@code X-RateLimit-*} headers.
 *
 * <p>Buckets are Bucket4j's (lock-free, exact refill arithmetic, the time to the next token for
 * {@code Retry-After}) in a Caffeine cache: a bucket unused for longer than it takes to refill is
 * full anyway, so it is dropped then, and the cache has a size bound.
 */
@Component
class CallerRateLimit implements GlobalFilter, Ordered {

    static final String REMAINING = "X-RateLimit-Remaining";
    static final String BURST = "X-RateLimit-Burst-Capacity";
    static final String REPLENISH = "X-RateLimit-Replenish-Rate";

    private static final int MAX_CALLERS = 200_000;

    private final GatewayProperties.RateLimit limit;
    private final Cache<String, Bucket> buckets;
    private final String burstHeader;
    private final String replenishHeader;

    CallerRateLimit(GatewayProperties properties) {
        this.limit = properties.rateLimit();
        Duration refill = Duration.ofMillis(
                (long) Math.ceil(1000.0 * limit.instanceBurstCapacity() / limit.instanceReplenishRate()));
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_CALLERS)
                .expireAfterAccess(refill.plusSeconds(1))
                .build();
        this.burstHeader = Long.toString(limit.instanceBurstCapacity());
        double rate = limit.instanceReplenishRate();
        this.replenishHeader =
                rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%.2f", rate);
    }

    private Bucket newBucket(String caller) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.instanceBurstCapacity())
                        .refillGreedy(limit.replenishRate(), Duration.ofSeconds(limit.instances()))
                        .build())
                .build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getPrincipal())
                .filter(StaffPrincipal.class::isInstance)
                .map(p -> (StaffPrincipal) p)
                .flatMap(caller -> decide(exchange, chain, caller))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    private Mono<Boolean> decide(ServerWebExchange exchange, GatewayFilterChain chain, StaffPrincipal caller) {
        Bucket bucket = buckets.get(caller.hotel() + ":" + caller.staffId(), this::newBucket);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(REMAINING, Long.toString(probe.getRemainingTokens()));
        headers.set(BURST, burstHeader);
        headers.set(REPLENISH, replenishHeader);
        if (probe.isConsumed()) {
            return chain.filter(exchange).thenReturn(true);
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return ProblemResponses.write(
                        exchange,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "Slow down: this caller is over its request rate; retry after " + seconds + " s")
                .thenReturn(true);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}

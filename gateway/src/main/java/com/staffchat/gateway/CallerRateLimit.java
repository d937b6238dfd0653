package com.staffchat.gateway;

import com.staffchat.support.problem.ProblemResponses;
import com.staffchat.support.security.StaffPrincipal;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A token bucket per person (hotel and staff id from the validated token), kept in Redis so every
 * gateway instance shares it. Over the limit: 429 with an RFC 9457 body and the bucket's
 * {@code X-RateLimit-*} headers. If Redis cannot be reached the request goes through: a broken
 * limiter must not take the chat down.
 */
@Component
class CallerRateLimit implements GlobalFilter, Ordered {

    static final String BUCKET = "api";

    private final RedisRateLimiter limiter;

    CallerRateLimit(RedisRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getPrincipal())
                .filter(StaffPrincipal.class::isInstance)
                .map(p -> ((StaffPrincipal) p).hotel() + ":" + ((StaffPrincipal) p).staffId())
                .flatMap(key -> limiter.isAllowed(BUCKET, key))
                .flatMap(decision -> {
                    decision.getHeaders()
                            .forEach((name, value) ->
                                    exchange.getResponse().getHeaders().set(name, value));
                    if (decision.isAllowed()) {
                        return chain.filter(exchange).thenReturn(true);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", "1");
                    return ProblemResponses.write(
                                    exchange,
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "rate-limited",
                                    "Too many requests",
                                    "Slow down: this caller is over its request rate; retry after a second")
                            .thenReturn(true);
                })
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}

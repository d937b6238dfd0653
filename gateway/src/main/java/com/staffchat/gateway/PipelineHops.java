package com.staffchat.gateway;

import com.staffchat.support.problem.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's share of a request's time, and its bound on work in hand. Timer
 * {@code staffchat.pipeline.hop} (the benchmark's per-hop breakdown reads it):
 * {@code hop=gateway.filters} from the request's arrival to the moment the proxy starts the call to
 * the service (authentication, the deactivation check, the rate limit, routing: the gateway's own
 * cost), {@code hop=gateway.total} from arrival to the response's completion. Both count proxied
 * requests only; refusals are in {@code http.server.requests}.
 *
 * <p>Requests in flight beyond {@code staffchat.overload.max-in-flight} are refused at once with a
 * 503 {@code service-unavailable} problem and {@code Retry-After}: above the knee the gateway says
 * "later" instead of queueing every request behind the others until all of them are late.
 */
@Component
class PipelineHops implements WebFilter, Ordered {

    static final String TIMER = "staffchat.pipeline.hop";
    private static final String ARRIVED = PipelineHops.class.getName() + ".arrived";
    private static final String PROXIED = PipelineHops.class.getName() + ".proxied";

    private final Timer total;
    private final GatewayProperties.Overload overload;
    private final String retryAfter;
    private final AtomicInteger inFlight = new AtomicInteger();

    PipelineHops(MeterRegistry registry, GatewayProperties properties) {
        this.total = hop(registry, "gateway.total");
        this.overload = properties.overload();
        this.retryAfter = Long.toString(Math.max(1, overload.retryAfter().toSeconds()));
        registry.gauge("staffchat.gateway.in.flight", inFlight);
    }

    /** Outermost web filter: notes the arrival, bounds the requests in flight, records the total. */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long arrived = System.nanoTime();
        if (inFlight.incrementAndGet() > overload.maxInFlight()) {
            inFlight.decrementAndGet();
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
            return ProblemResponses.write(
                    exchange,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "service-unavailable",
                    "Service unavailable",
                    "The gateway is at its limit of requests in flight; retry after " + retryAfter + " s");
        }
        exchange.getAttributes().put(ARRIVED, arrived);
        return chain.filter(exchange).doFinally(signal -> {
            inFlight.decrementAndGet();
            if (exchange.getAttributes().containsKey(PROXIED)) {
                total.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** First of all web filters, before security. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static Timer hop(MeterRegistry registry, String hop) {
        return Timer.builder(TIMER)
                .description("time spent in one hop of a request through the pipeline")
                .tag("hop", hop)
                .register(registry);
    }

    /** The last gateway filter before the proxy's ({@link NettyRoutingFilter}): the gateway's own work is done. */
    @Component
    static class ProxyStart implements GlobalFilter, Ordered {

        private final Timer filters;

        ProxyStart(MeterRegistry registry) {
            this.filters = hop(registry, "gateway.filters");
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            Long arrived = exchange.getAttribute(ARRIVED);
            if (arrived != null) {
                filters.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
                exchange.getAttributes().put(PROXIED, Boolean.TRUE);
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return NettyRoutingFilter.ORDER - 2;
        }
    }
}

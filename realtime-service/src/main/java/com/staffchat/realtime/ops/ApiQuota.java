package com.staffchat.realtime.ops;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.AppLimits;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * In front of every HTTP API route ({@code /apps/{appId}/...}): holds each app to its request rate
 * (429 with {@code X-RateLimit-*} and {@code Retry-After} beyond it), answers 403 for a disabled app,
 * and counts accepted and refused requests per app. It runs before the signature check, so it
 * protects the server cheaply; the price is that unsigned requests naming an app count against it.
 */
public final class ApiQuota implements WebFilter {

    static final String PATH_PREFIX = "/apps/";

    public static final String LIMIT_HEADER = "X-RateLimit-Limit";

    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";

    private final AppDirectory apps;

    private final RealtimeMetrics metrics;

    private final Map<String, RequestRate> rates = new ConcurrentHashMap<>();

    public ApiQuota(AppDirectory apps, RealtimeMetrics metrics) {
        this.apps = apps;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith(PATH_PREFIX)) {
            return chain.filter(exchange);
        }
        int end = path.indexOf('/', PATH_PREFIX.length());
        String appId = path.substring(PATH_PREFIX.length(), end < 0 ? path.length() : end);
        App app = apps.byId(appId).orElse(null);
        if (app == null) {
            if (apps.isDisabledId(appId)) {
                metrics.rejected(appId, Rejection.APP_DISABLED);
                return refuse(exchange.getResponse(), HttpStatus.FORBIDDEN, "App '" + appId + "' is disabled");
            }
            return chain.filter(exchange).doFinally(signal -> count(exchange, RealtimeMetrics.UNKNOWN_APP));
        }
        int perSecond = app.limits().apiRequestsPerSecond();
        if (perSecond != AppLimits.UNLIMITED) {
            RequestRate rate = rates.compute(
                    app.id(),
                    (id, existing) -> existing != null && existing.perSecond() == perSecond
                            ? existing
                            : new RequestRate(perSecond, System.nanoTime()));
            RequestRate.Decision decision = rate.tryAcquire(System.nanoTime());
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(LIMIT_HEADER, Integer.toString(perSecond));
            headers.set(REMAINING_HEADER, Integer.toString(decision.remaining()));
            if (!decision.allowed()) {
                long retryAfterSeconds = Math.max(1, (decision.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
                metrics.rejected(app.id(), Rejection.API_RATE_LIMIT);
                return refuse(
                        exchange.getResponse(),
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too many requests: app '" + app.id() + "' may make " + perSecond
                                + " HTTP API requests a second; retry after " + retryAfterSeconds + " s");
            }
        }
        return chain.filter(exchange).doFinally(signal -> count(exchange, app.id()));
    }

    private void count(ServerWebExchange exchange, String appLabel) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        Rejection rejection = status == null ? null : Rejection.ofApiStatus(status.value());
        if (rejection != null) {
            metrics.rejected(appLabel, rejection);
        } else if (!RealtimeMetrics.UNKNOWN_APP.equals(appLabel)
                && HttpMethod.POST.equals(exchange.getRequest().getMethod())) {
            // Only triggers are messages; reads (GET /channels...) are not.
            metrics.app(appLabel).receivedFromApi();
        }
    }

    /** A plain-text refusal, as the API's other refusals (the server libraries show the body to developers). */
    private static Mono<Void> refuse(ServerHttpResponse response, HttpStatus status, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
        DataBuffer body = response.bufferFactory().wrap(message.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}

package com.staffchat.realtime.ops;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.AppLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * The HTTP API's quotas ({@code /apps/{appId}/...}), in two parts. In front of every request, as a
 * filter: 403 for a disabled app, and 429 for a client address that made too many unauthenticated
 * requests lately ({@link FailedRequestsPerAddress}), answered before the body is read or a
 * signature computed. After the signature checked out, through {@link #admit}: each app's request
 * rate (429 with {@code X-RateLimit-*} and {@code Retry-After} beyond it). Only requests signed by
 * the app count against its rate, so a stranger who knows an app id cannot use up its quota. The
 * filter also counts accepted and refused requests per app.
 */
public final class ApiQuota implements WebFilter {

    static final String PATH_PREFIX = "/apps/";

    public static final String LIMIT_HEADER = "X-RateLimit-Limit";

    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";

    private final AppDirectory apps;

    private final RealtimeMetrics metrics;

    private final FailedRequestsPerAddress failures;

    private final Map<String, RequestRate> rates = new ConcurrentHashMap<>();

    /**
     * @param failuresPerAddressPerSecond unauthenticated requests one client address may make a
     * second before all its requests get 429 for a while; 0 for no bound
     */
    public ApiQuota(AppDirectory apps, RealtimeMetrics metrics, int failuresPerAddressPerSecond) {
        this.apps = apps;
        this.metrics = metrics;
        this.failures = new FailedRequestsPerAddress(failuresPerAddressPerSecond);
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
        String appLabel = app == null ? RealtimeMetrics.UNKNOWN_APP : app.id();
        InetAddress client = clientAddress(exchange);
        if (failures.blocked(client)) {
            metrics.rejected(appLabel, Rejection.API_CLIENT_BLOCKED);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return refuse(
                    exchange.getResponse(),
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Too many unauthenticated requests from your address: at most " + failures.perSecond()
                            + " a second may fail their signature or name no app; retry after 1 s");
        }
        if (app == null && apps.isDisabledId(appId)) {
            metrics.rejected(appId, Rejection.APP_DISABLED);
            return refuse(exchange.getResponse(), HttpStatus.FORBIDDEN, "App '" + appId + "' is disabled");
        }
        return chain.filter(exchange).doFinally(signal -> count(exchange, appLabel, client));
    }

    /**
     * Takes a place for a request the app signed, under the app's rate. Sets the {@code X-RateLimit-*}
     * headers (and {@code Retry-After} when refused) on {@code response}; answers null when the
     * request may go ahead, otherwise the message of the 429.
     */
    public String admit(App app, ServerHttpResponse response) {
        int perSecond = app.limits().apiRequestsPerSecond();
        if (perSecond == AppLimits.UNLIMITED) {
            return null;
        }
        RequestRate rate = rates.compute(
                app.id(),
                (id, existing) -> existing != null && existing.perSecond() == perSecond
                        ? existing
                        : new RequestRate(perSecond, System.nanoTime()));
        RequestRate.Decision decision = rate.tryAcquire(System.nanoTime());
        HttpHeaders headers = response.getHeaders();
        headers.set(LIMIT_HEADER, Integer.toString(perSecond));
        headers.set(REMAINING_HEADER, Integer.toString(decision.remaining()));
        if (decision.allowed()) {
            return null;
        }
        long retryAfterSeconds = Math.max(1, (decision.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return "Too many requests: app '" + app.id() + "' may make " + perSecond
                + " HTTP API requests a second; retry after " + retryAfterSeconds + " s";
    }

    private void count(ServerWebExchange exchange, String appLabel, InetAddress client) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        Rejection rejection = status == null ? null : Rejection.ofApiStatus(status.value());
        if (rejection == Rejection.API_UNAUTHORIZED
                || (rejection == Rejection.UNKNOWN_APP && RealtimeMetrics.UNKNOWN_APP.equals(appLabel))) {
            failures.failed(client);
        }
        if (rejection != null) {
            metrics.rejected(appLabel, rejection);
        } else if (!RealtimeMetrics.UNKNOWN_APP.equals(appLabel)
                && HttpMethod.POST.equals(exchange.getRequest().getMethod())) {
            // Only triggers are messages; reads (GET /channels...) are not.
            metrics.app(appLabel).receivedFromApi();
        }
    }

    private static InetAddress clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    /** A plain-text refusal, as the API's other refusals (the server libraries show the body to developers). */
    private static Mono<Void> refuse(ServerHttpResponse response, HttpStatus status, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
        DataBuffer body = response.bufferFactory().wrap(message.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}

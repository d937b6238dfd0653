package com.staffchat.realtime.ops;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** While the node drains, refuses WebSocket handshakes ({@code /app/...}) with 503 before any upgrade. */
public final class DrainingHandshakes implements WebFilter {

    private static final String WEBSOCKET_PATH_PREFIX = "/app/";

    private final GracefulDrain drain;

    private final AppDirectory apps;

    private final RealtimeMetrics metrics;

    public DrainingHandshakes(GracefulDrain drain, AppDirectory apps, RealtimeMetrics metrics) {
        this.drain = drain;
        this.apps = apps;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!drain.isDraining() || !path.startsWith(WEBSOCKET_PATH_PREFIX)) {
            return chain.filter(exchange);
        }
        String appLabel = apps.byKey(path.substring(WEBSOCKET_PATH_PREFIX.length()))
                .map(App::id)
                .orElse(RealtimeMetrics.UNKNOWN_APP);
        metrics.rejected(appLabel, Rejection.DRAINING);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(response.bufferFactory()
                .wrap("This node is shutting down; connect to another node".getBytes(StandardCharsets.UTF_8))));
    }
}

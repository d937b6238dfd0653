package com.staffchat.gateway;

import java.util.UUID;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * The route map client developers build against. More specific routes come first: attachment
 * uploads live under a conversation path but belong to attachment-service. The caller's bearer
 * token travels on, and each service checks it again.
 */
@Configuration
class Routes {

    static final String REQUEST_ID = "X-Request-Id";

    @Bean
    RouteLocator staffChatRoutes(RouteLocatorBuilder routes, GatewayProperties properties) {
        var services = properties.services();
        return routes.routes()
                .route("attachments-upload", r -> r.path(
                                "/api/v1/conversations/*/attachments", "/api/v1/conversations/*/attachments/**")
                        .uri(services.attachmentUrl()))
                .route("attachments", r -> r.path("/api/v1/attachments", "/api/v1/attachments/**")
                        .uri(services.attachmentUrl()))
                .route("notifications", r -> r.path(
                                "/api/v1/realtime/**",
                                "/api/v1/devices/**",
                                "/api/v1/notification-preferences",
                                "/api/v1/notification-preferences/**")
                        .uri(services.notificationUrl()))
                .route("messages", r -> r.path("/api/v1/**").uri(services.messageUrl()))
                .build();
    }

    @Bean
    @Primary
    RedisRateLimiter redisRateLimiter(GatewayProperties properties) {
        return new RedisRateLimiter(
                properties.rateLimit().replenishRate(), properties.rateLimit().burstCapacity(), 1);
    }

    /** Every request gets an id (the client's, if it sent one) that the services and the response carry. */
    @Bean
    GlobalFilter requestIds() {
        return (exchange, chain) -> {
            String id = exchange.getRequest().getHeaders().getFirst(REQUEST_ID);
            String requestId = id == null || id.isBlank() || id.length() > 128
                    ? UUID.randomUUID().toString()
                    : id;
            exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
            return chain.filter(exchange.mutate()
                            .request(r -> r.headers(h -> h.set(REQUEST_ID, requestId)))
                            .build())
                    .then(Mono.empty());
        };
    }
}

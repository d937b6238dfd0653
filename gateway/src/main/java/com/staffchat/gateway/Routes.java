package com.staffchat.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Routes exactly the operations of {@link RouteMap} to their services, one route per path template
 * with its methods, and each service's OpenAPI document to {@code /v3/api-docs/{service}} for the
 * one Swagger UI. Anything else under {@code /api/v1} is a 404 problem from the gateway. The
 * caller's bearer token travels on, and each service checks it again.
 */
@Configuration
class Routes {

    static final String REQUEST_ID = "X-Request-Id";

    @Bean
    RouteLocator staffChatRoutes(RouteLocatorBuilder routes, GatewayProperties properties) {
        var builder = routes.routes();
        Map<String, Map<String, List<HttpMethod>>> byServiceAndPath = new LinkedHashMap<>();
        for (RouteMap.ApiRoute route : RouteMap.API) {
            byServiceAndPath
                    .computeIfAbsent(route.service(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(route.path(), p -> new ArrayList<>())
                    .add(HttpMethod.valueOf(route.method()));
        }
        byServiceAndPath.forEach((service, paths) -> {
            URI uri = properties.services().url(service);
            paths.forEach((path, methods) -> {
                List<HttpMethod> uploads = RouteMap.UPLOADS.stream()
                        .filter(u -> u.path().equals(path))
                        .map(u -> HttpMethod.valueOf(u.method()))
                        .toList();
                List<HttpMethod> others =
                        methods.stream().filter(m -> !uploads.contains(m)).toList();
                if (!others.isEmpty()) {
                    builder.route(service + ":" + path, r -> r.path(path)
                            .and()
                            .method(others.toArray(HttpMethod[]::new))
                            .uri(uri));
                }
                if (!uploads.isEmpty()) {
                    builder.route(service + ":upload:" + path, r -> r.path(path)
                            .and()
                            .method(uploads.toArray(HttpMethod[]::new))
                            .metadata(
                                    RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR,
                                    properties.uploads().responseTimeout().toMillis())
                            .uri(uri));
                }
            });
        });
        for (String service : RouteMap.SERVICES) {
            builder.route("api-docs:" + service, r -> r.path(RouteMap.documentPath(service))
                    .and()
                    .method(HttpMethod.GET)
                    .filters(f -> f.setPath("/v3/api-docs"))
                    .uri(properties.services().url(service)));
        }
        return builder.build();
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

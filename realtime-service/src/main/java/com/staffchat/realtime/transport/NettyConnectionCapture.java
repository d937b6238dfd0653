package com.staffchat.realtime.transport;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the Reactor Netty connection of a WebSocket handshake as a session attribute, so that a
 * client too slow to even take its close frame can have its TCP connection dropped.
 */
final class NettyConnectionCapture implements WebFilter {

    static final String ATTRIBUTE = NettyConnectionCapture.class.getName() + ".connection";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith(PusherWebSocketHandler.PATH_PREFIX)) {
            Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
            if (nativeRequest instanceof reactor.netty.Connection connection) {
                exchange.getAttributes().put(ATTRIBUTE, connection);
            }
        }
        return chain.filter(exchange);
    }
}

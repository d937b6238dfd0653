package com.staffchat.support.problem;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An error answered while the request's body is still unread ends the connection ({@code Connection:
 * close}). Many refusals come before anything reads the body (no or a bad token, a path that is not a
 * number, an unsupported content type, a body over the limit); the tests saw the next request on such a
 * kept-alive connection never answered, and a client that pools connections (the gateway among them)
 * would see the same. An error answered after the whole body was read (a 503 because no database
 * connection came in time, a 404, a 409) keeps the connection, as do successes and errors of requests
 * without a body: under overload every refused send used to cost the gateway and the service a new
 * connection, and that work kept the system overloaded (docs/benchmarks.md, 2026-11-30 08:40).
 */
final class CloseAfterRefusedBody implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var headers = request.getHeaders();
        boolean hasBody = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        if (!hasBody) {
            return chain.filter(exchange);
        }
        AtomicBoolean bodyRead = new AtomicBoolean();
        var response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpStatusCode status = response.getStatusCode();
            if (status != null && status.isError() && !bodyRead.get()) {
                response.getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        var readTracked = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnComplete(() -> bodyRead.set(true));
            }
        };
        return chain.filter(exchange.mutate().request(readTracked).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

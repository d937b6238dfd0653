package com.staffchat.support.problem;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An error answered while the request still declares a body ends the connection ({@code Connection:
 * close}). Many refusals come before anything reads the body (no or a bad token, a path that is not a
 * number, an unsupported content type, a body over the limit); the tests saw the next request on such a
 * kept-alive connection never answered, and a client that pools connections (the gateway among them)
 * would see the same. Successful answers, and errors of requests without a body, keep the connection.
 */
final class CloseAfterRefusedBody implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var headers = request.getHeaders();
        boolean hasBody = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        if (hasBody) {
            var response = exchange.getResponse();
            response.beforeCommit(() -> {
                HttpStatusCode status = response.getStatusCode();
                if (status != null && status.isError()) {
                    response.getHeaders().set(HttpHeaders.CONNECTION, "close");
                }
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

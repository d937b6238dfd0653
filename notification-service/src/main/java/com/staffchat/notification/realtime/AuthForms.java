package com.staffchat.notification.realtime;

import com.staffchat.support.problem.DomainException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the form a Pusher client posts to the auth endpoints (channel auth and user sign-in). A
 * form that cannot be read, bad percent-encoding or a body over the codec limit (256 KB), is a 400
 * problem, never a 500; the refusal of a body over the limit closes the connection.
 */
final class AuthForms {

    private AuthForms() {}

    static Mono<MultiValueMap<String, String>> read(ServerWebExchange exchange) {
        return exchange.getFormData().onErrorMap(e -> unreadable(exchange, e));
    }

    private static Throwable unreadable(ServerWebExchange exchange, Throwable e) {
        if (e instanceof DataBufferLimitException) {
            // The rest of the body is still unread on the socket: a client that reused this connection
            // would have it read as the start of its next request (seen as "connection reset" in CI).
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return DomainException.invalid("the form body is larger than 256 KB");
        }
        if (e instanceof IllegalArgumentException || e.getCause() instanceof IllegalArgumentException) {
            return DomainException.invalid("the form body is not valid application/x-www-form-urlencoded"
                    + " (a '%' must be followed by two hex digits)");
        }
        return e;
    }
}

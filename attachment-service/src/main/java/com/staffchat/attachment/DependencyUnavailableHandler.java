package com.staffchat.attachment;

import com.staffchat.support.problem.ProblemResponses;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@link DependencyUnavailable} as a 503 problem with {@code Retry-After: 1}, the shape every service answers
 * when a dependency is down (service-support's ProblemHandler has no Retry-After for it, so this advice runs
 * first). The body may be unread: the connection then ends, as after any refused body.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DependencyUnavailableHandler {

    private static final Logger log = LoggerFactory.getLogger(DependencyUnavailableHandler.class);

    @ExceptionHandler(DependencyUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(DependencyUnavailable e, ServerWebExchange exchange) {
        log.warn(
                "{} {}: {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e.toString());
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable", e.getMessage());
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

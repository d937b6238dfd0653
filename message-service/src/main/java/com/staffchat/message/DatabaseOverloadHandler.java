package com.staffchat.message;

import com.staffchat.support.problem.ProblemResponses;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Above the knee: when no database connection can be had within {@code spring.r2dbc.pool.max-acquire-time}
 * (every connection busy and the wait too long), or the database cannot be reached, a request is
 * refused with 503 {@code service-unavailable} and {@code Retry-After}, never a 500 and never a hang.
 * Nothing was written: the send is one statement that either committed or never ran, so the
 * client sends again (with the same clientId) after the pause.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOverloadHandler {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOverloadHandler.class);

    /** Seconds a refused client waits: long enough for a burst to drain, short for a person. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler({
        R2dbcTimeoutException.class,
        R2dbcTransientResourceException.class,
        R2dbcNonTransientResourceException.class,
        QueryTimeoutException.class,
        TransientDataAccessResourceException.class,
        DataAccessResourceFailureException.class
    })
    ResponseEntity<ProblemDetail> unavailable(Exception e, ServerWebExchange exchange) {
        log.warn(
                "Database busy or unreachable on {} {}: {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e.toString());
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "service-unavailable",
                "Service unavailable",
                "The service is over its capacity right now and stored nothing; retry after " + RETRY_AFTER_SECONDS
                        + " s (a send with the same clientId is safe to repeat)");
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

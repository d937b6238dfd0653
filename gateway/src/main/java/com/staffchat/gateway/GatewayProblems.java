package com.staffchat.gateway;

import com.staffchat.support.problem.ProblemResponses;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The gateway's own failures as RFC 9457 problems: a path it does not route is its 404
 * {@code not-found} problem (not the static-resource handler's wording); a service it cannot
 * reach, or whose connection pool is exhausted, is a 503 {@code service-unavailable} with
 * {@code Retry-After}; a service that drops the connection mid-answer is a 502 {@code bad-gateway};
 * one that does not answer within the response timeout a 504 {@code gateway-timeout}. Whether the
 * error reaches the controller advice (the resource handler's 404) or the web handler chain (the
 * proxy's errors), the answer is the same.
 */
@Component
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1), which would answer 500 with its own JSON
@RestControllerAdvice
class GatewayProblems implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblems.class);

    /** What a client should wait before trying a service that could not be reached. */
    static final String RETRY_AFTER_SECONDS = "1";

    record Problem(HttpStatus status, String slug, String title, String detail, boolean retry) {}

    static Problem classify(Throwable error, ServerWebExchange exchange) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NoResourceFoundException) {
                return new Problem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "Not found",
                        "No operation " + exchange.getRequest().getMethod() + " "
                                + exchange.getRequest().getPath().value()
                                + " here; the API's operations are listed in docs/api.md",
                        false);
            }
            if (t instanceof ConnectException
                    || t instanceof ConnectTimeoutException
                    || t.getClass().getName().endsWith("PoolAcquireTimeoutException")
                    || t.getClass().getName().endsWith("PoolAcquirePendingLimitException")) {
                return new Problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "service-unavailable",
                        "Service unavailable",
                        "The service behind this operation cannot be reached right now; retry shortly",
                        true);
            }
            if (t instanceof PrematureCloseException) {
                return new Problem(
                        HttpStatus.BAD_GATEWAY,
                        "bad-gateway",
                        "Bad gateway",
                        "The service behind this operation closed the connection before answering",
                        false);
            }
            if (t instanceof TimeoutException
                    || (t instanceof ResponseStatusException rse
                            && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())) {
                return new Problem(
                        HttpStatus.GATEWAY_TIMEOUT,
                        "gateway-timeout",
                        "Gateway timeout",
                        "The service behind this operation did not answer in time",
                        false);
            }
        }
        if (error instanceof ResponseStatusException rse) {
            HttpStatus status = HttpStatus.resolve(rse.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                return new Problem(
                        status,
                        status.name().toLowerCase().replace('_', '-'),
                        status.getReasonPhrase(),
                        rse.getReason() == null ? status.getReasonPhrase() : rse.getReason(),
                        false);
            }
        }
        return null;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        Problem problem = classify(error, exchange);
        if (problem == null) {
            return Mono.error(error); // Boot's handler logs it and answers 500
        }
        if (problem.status().is5xxServerError()) {
            log.warn(
                    "{} {} answered {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    problem.status().value(),
                    error.toString());
        }
        if (problem.retry()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return ProblemResponses.write(exchange, problem.status(), problem.slug(), problem.title(), problem.detail());
    }

    /**
     * The static-resource handler's 404 and the proxy's errors reach the controller advice first;
     * this one is ahead of service-support's (which would call them 500 internal errors).
     */
    @ExceptionHandler({
        NoResourceFoundException.class,
        ConnectException.class,
        ConnectTimeoutException.class,
        PrematureCloseException.class,
        TimeoutException.class
    })
    ResponseEntity<ProblemDetail> proxyProblem(Exception e, ServerWebExchange exchange) {
        Problem problem = classify(e, exchange);
        if (problem == null) {
            problem = new Problem(
                    HttpStatus.BAD_GATEWAY,
                    "bad-gateway",
                    "Bad gateway",
                    "The service behind this operation could not be reached properly",
                    false);
        }
        if (problem.status().is5xxServerError()) {
            log.warn(
                    "{} {} answered {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    problem.status().value(),
                    e.toString());
        }
        HttpHeaders headers = new HttpHeaders();
        if (problem.retry()) {
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        ProblemDetail body =
                ProblemResponses.problem(problem.status(), problem.slug(), problem.title(), problem.detail());
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(problem.status())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}

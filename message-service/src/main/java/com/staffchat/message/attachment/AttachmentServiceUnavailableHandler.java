package com.staffchat.message.attachment;

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
 * A send with attachments while attachment-service cannot answer: 503 {@code service-unavailable} with
 * {@code Retry-After}, as every other outage answers (never a 500). Nothing was stored: the checks run before the
 * send statement, so the client sends again (with the same clientId) after the pause.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AttachmentServiceUnavailableHandler {

    private static final Logger log = LoggerFactory.getLogger(AttachmentServiceUnavailableHandler.class);

    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(AttachmentServiceUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(AttachmentServiceUnavailable e, ServerWebExchange exchange) {
        log.warn(
                "attachment-service unavailable on {} {}: {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e.getCause() == null ? e.toString() : e.getCause().toString());
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "service-unavailable",
                "Service unavailable",
                "Attachments cannot be checked right now and nothing was stored; retry after " + RETRY_AFTER_SECONDS
                        + " s (a send with the same clientId is safe to repeat)");
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

package com.staffchat.support.problem;

import com.staffchat.support.validation.UnsafeTextException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The one place a service turns exceptions into RFC 9457 problem details. Nothing leaves as a bare 500. */
@AutoConfiguration
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** Errors answered before a declared request body was read end their connection ({@link CloseAfterRefusedBody}). */
    @org.springframework.context.annotation.Bean
    org.springframework.web.server.WebFilter closeAfterRefusedBody() {
        return new CloseAfterRefusedBody();
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e, ServerWebExchange exchange) {
        return respond(exchange, ProblemResponses.problem(e.status(), e.slug(), e.title(), e.getMessage()));
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> invalidBody(WebExchangeBindException e, ServerWebExchange exchange) {
        String detail = e.getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = e.getAllErrors().stream()
                    .map(err -> err.getDefaultMessage())
                    .collect(Collectors.joining("; "));
        }
        return respond(
                exchange,
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail));
    }

    @ExceptionHandler({ServerWebInputException.class, DecodingException.class})
    ResponseEntity<ProblemDetail> unreadable(Exception e, ServerWebExchange exchange) {
        closeIfBodyUnread(e, exchange);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsafeTextException unsafe) {
                return respond(
                        exchange,
                        ProblemResponses.problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-request",
                                "Invalid request",
                                field(unsafe) + ": " + unsafe.reason()));
            }
            if (t instanceof UnrecognizedPropertyException unknown) {
                // e.g. senderId or hotel in a body: they come from the token, never from the client
                return respond(
                        exchange,
                        ProblemResponses.problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-request",
                                "Invalid request",
                                unknown.getPropertyName() + ": not a field of this request"));
            }
        }
        String reason = e instanceof ServerWebInputException in && in.getReason() != null
                ? in.getReason()
                : "The request could not be read";
        Throwable cause = e.getCause();
        if (cause instanceof DecodingException || e instanceof DecodingException) {
            reason = "Malformed JSON body";
        }
        return respond(
                exchange,
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", reason));
    }

    @ExceptionHandler({
        UnsupportedMediaTypeStatusException.class,
        MethodNotAllowedException.class,
        NotAcceptableStatusException.class,
        ResponseStatusException.class
    })
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        closeIfBodyUnread(e, exchange);
        HttpStatusCode code = e.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        String slug = status == null ? "error" : status.name().toLowerCase().replace('_', '-');
        String title = status == null ? "Error" : status.getReasonPhrase();
        return respond(
                exchange,
                ProblemResponses.problem(
                        status == null ? HttpStatus.BAD_REQUEST : status,
                        slug,
                        title,
                        e.getReason() == null ? title : e.getReason()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        // the trace named explicitly: with context propagation limited, the MDC has no trace id here
        log.error(
                "Unhandled error on {} {} (request {}, traceparent {})",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                exchange.getRequest().getId(),
                exchange.getRequest().getHeaders().getFirst("traceparent"),
                e);
        return respond(
                exchange,
                ProblemResponses.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "Something went wrong on our side; the request id is "
                                + exchange.getRequest().getId()));
    }

    /**
     * A body refused for its size is still partly unread on the socket; a client that reused the
     * connection would have that rest read as the start of its next request (it saw "connection reset").
     */
    private static void closeIfBodyUnread(Exception e, ServerWebExchange exchange) {
        boolean tooLarge = e instanceof ResponseStatusException r
                && r.getStatusCode().value() == HttpStatus.CONTENT_TOO_LARGE.value();
        for (Throwable t = e; t != null && !tooLarge; t = t.getCause()) {
            tooLarge = t instanceof DataBufferLimitException;
        }
        if (tooLarge) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
    }

    /** The JSON path of the offending value, e.g. {@code staff[0].displayName}. */
    private static String field(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static ResponseEntity<ProblemDetail> respond(ServerWebExchange exchange, ProblemDetail problem) {
        problem.setInstance(java.net.URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

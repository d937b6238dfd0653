package com.staffchat.support.security;

import com.staffchat.support.problem.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs right after the token is authenticated: a caller whose person is deactivated gets a 403
 * problem on every path, whatever their token says. The answer comes from the local mirror
 * ({@link DeactivatedStaff}); while the mirror is not known to be current the request gets a 503
 * problem with {@code Retry-After} rather than going through unchecked (the mirror logs when that
 * starts and ends, so this filter does not log per request).
 */
final class DeactivatedStaffFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(DeactivatedStaffFilter.class);

    private enum Verdict {
        ACTIVE,
        DEACTIVATED,
        UNKNOWN
    }

    private final DeactivatedStaff deactivated;

    DeactivatedStaffFilter(DeactivatedStaff deactivated) {
        this.deactivated = deactivated;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication())
                .filter(StaffAuthentication.class::isInstance)
                .map(a -> ((StaffAuthentication) a).getPrincipal())
                .flatMap(caller -> deactivated
                        .contains(caller.hotel(), caller.staffId())
                        .map(d -> d ? Verdict.DEACTIVATED : Verdict.ACTIVE)
                        .defaultIfEmpty(Verdict.ACTIVE)
                        .onErrorResume(e -> {
                            log.debug(
                                    "Cannot tell whether {}:{} is deactivated: {}",
                                    caller.hotel(),
                                    caller.staffId(),
                                    e.toString());
                            return Mono.just(Verdict.UNKNOWN);
                        }))
                .defaultIfEmpty(Verdict.ACTIVE)
                .flatMap(verdict -> switch (verdict) {
                    case ACTIVE -> chain.filter(exchange);
                    case DEACTIVATED ->
                        ProblemResponses.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "deactivated",
                                "Deactivated",
                                "This person has been deactivated in the hotel's staff directory");
                    case UNKNOWN -> {
                        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                        yield ProblemResponses.write(
                                exchange,
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "service-unavailable",
                                "Service unavailable",
                                "Cannot check the caller's account right now; retry shortly");
                    }
                });
    }
}

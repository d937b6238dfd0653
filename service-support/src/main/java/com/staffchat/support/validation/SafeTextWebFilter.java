package com.staffchat.support.validation;

import com.staffchat.support.problem.ProblemResponses;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The {@link TextRule} for what is not a JSON body: every decoded path segment and query
 * parameter (name and value) of every request. Runs before authentication so a bad URL is a 400
 * whoever sends it.
 */
final class SafeTextWebFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        for (PathContainer.Element element :
                request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String violation = TextRule.violation(segment.valueToMatch(), false);
                if (violation != null) {
                    return refuse(exchange, "path: " + violation);
                }
            }
        }
        for (Map.Entry<String, List<String>> parameter :
                request.getQueryParams().entrySet()) {
            String name = parameter.getKey();
            String violation = TextRule.violation(name, false);
            if (violation != null) {
                return refuse(exchange, "query parameter name: " + violation);
            }
            for (String value : parameter.getValue()) {
                violation = TextRule.violation(value, false);
                if (violation != null) {
                    return refuse(exchange, "query parameter '" + name + "': " + violation);
                }
            }
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        // ProblemResponses.write ends the connection (Connection: close), as every refusal made by a filter does
        return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    @Override
    public int getOrder() {
        // before Spring Security's filter chain (-100)
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}

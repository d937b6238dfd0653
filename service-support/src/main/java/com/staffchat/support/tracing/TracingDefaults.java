package com.staffchat.support.tracing;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing defaults for every service, below anything a service or ops configure (the property
 * source is added last): W3C {@code traceparent} propagation, Reactor's automatic context
 * propagation (so the trace id of a WebFlux request is in the MDC, hence in every log line, on
 * whatever thread an operator runs) and no sampling. Nothing is exported: with no reporter a
 * sampled span would only cost CPU, while an unsampled trace still has its ids, propagates them
 * (flags {@code 00}) and logs them. Set {@code management.tracing.sampling.probability} above 0
 * together with an exporter to record spans.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "staffchatTracingDefaults";

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.tracing.propagation.type", "w3c",
            "management.tracing.sampling.probability", "0.0",
            "spring.reactor.context-propagation", "auto");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
        }
    }
}

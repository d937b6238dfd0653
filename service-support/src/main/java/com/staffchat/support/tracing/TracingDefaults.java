package com.staffchat.support.tracing;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing defaults for every service, below anything a service or ops configure (the property
 * source is added last): W3C {@code traceparent} propagation, Reactor's context propagation
 * {@code limited} and no sampling. {@code limited} carries the trace through the Reactor context
 * (the outbox row, the proxy's and the clients' headers read it from there) without restoring
 * thread locals at every operator: {@code auto} did that, which put the trace id on every log line
 * of a request but cost about a sixth of message-service's and a fifth of the gateway's CPU under
 * load (docs/benchmarks.md, 2026-11-30 08:00). Set {@code spring.reactor.context-propagation=auto}
 * to have it back; the lines that matter name their trace anyway (the 500 log, the consumers). Nothing is exported: with no reporter a
 * sampled span would only cost CPU, while an unsampled trace still has its ids, propagates them
 * (flags {@code 00}) and logs them. Set {@code management.tracing.sampling.probability} above 0
 * together with an exporter to record spans.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "staffchatTracingDefaults";

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.tracing.propagation.type", "w3c",
            "management.tracing.sampling.probability", "0.0",
            "spring.reactor.context-propagation", "limited");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
        }
    }
}

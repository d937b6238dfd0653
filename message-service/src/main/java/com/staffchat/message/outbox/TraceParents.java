package com.staffchat.message.outbox;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The W3C {@code traceparent} of the request being served, as it goes into an outbox row and from
 * there onto the Kafka record, so the consumers continue the request's trace. It is there whether or
 * not the trace is sampled: an unsampled trace still has its ids.
 */
@Component
public class TraceParents {

    static final String HEADER = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    TraceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** The traceparent of the request this pipeline serves; empty outside a trace. */
    public Mono<Optional<String>> current() {
        return Mono.deferContextual(
                context -> Mono.just(Optional.ofNullable(span(context)).map(span -> {
                    Map<String, String> carrier = new HashMap<>(2);
                    propagator.inject(span.context(), carrier, Map::put);
                    return carrier.get(HEADER);
                })));
    }

    /** The WebFlux server observation's span (in the Reactor context), else the span in scope. */
    private Span span(ContextView context) {
        Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (observation != null) {
            TracingObservationHandler.TracingContext tracing =
                    observation.getContextView().get(TracingObservationHandler.TracingContext.class);
            if (tracing != null && tracing.getSpan() != null) {
                return tracing.getSpan();
            }
        }
        return tracer.currentSpan();
    }
}

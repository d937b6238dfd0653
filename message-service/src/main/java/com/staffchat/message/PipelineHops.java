package com.staffchat.message;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The per-hop timers the pipeline benchmark reads: one Micrometer timer {@value #NAME} with a
 * {@code hop} tag, percentile histogram on (application.yml), so each hop's latency can be
 * followed from the services' own figures.
 */
public final class PipelineHops {

    public static final String NAME = "staffchat.pipeline.hop";

    /** The send transaction (the send statement), from its start to its commit. */
    public static final String SEND_COMMIT = "send.commit";

    /** An outbox row, from its creation (its transaction's start) to Kafka's acknowledgement. */
    public static final String OUTBOX_RELAY = "outbox.relay";

    private PipelineHops() {}

    public static Timer timer(MeterRegistry meters, String hop) {
        return Timer.builder(NAME)
                .description("Latency of one hop of a message through the pipeline")
                .tag("hop", hop)
                .publishPercentileHistogram()
                .register(meters);
    }
}

package com.staffchat.support.consumer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Kafka consumers retry, and how long they remember what they processed.
 *
 * @param retryInitialInterval first pause after a failed event
 * @param retryMaxInterval longest pause between attempts (for outages too: the partition is paused
 *     this long at most before the event is tried again)
 * @param retryMaxElapsed how long an event that fails for a reason of its own (a 4xx from Pusher,
 *     a constraint violation) is retried before it goes to the dead-letter topic; a dependency
 *     outage is retried without limit instead
 * @param processedEvents the idempotency record's retention
 */
@ConfigurationProperties("staffchat.consumer")
public record ConsumerProperties(
        @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("10s") Duration retryMaxInterval,
        @DefaultValue("30s") Duration retryMaxElapsed,
        @DefaultValue ProcessedEventsRetention processedEvents) {

    /**
     * @param retention how long a processed event id is remembered; a redelivery older than this
     *     (a replay from long ago) is processed again
     * @param pruneInterval how often rows older than the retention are deleted
     */
    public record ProcessedEventsRetention(
            @DefaultValue("14d") Duration retention,
            @DefaultValue("1h") Duration pruneInterval) {}
}

package com.staffchat.message.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay.
 *
 * @param pollInterval how often the relay looks for unsent events when no notification woke it
 * @param batchSize events published per round trip
 * @param retryBackoff the first pause after a failed publish; it doubles up to {@code maxBackoff}
 * @param maxBackoff the longest pause between attempts while Kafka is unreachable
 */
@ConfigurationProperties("staffchat.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("10s") Duration maxBackoff) {}

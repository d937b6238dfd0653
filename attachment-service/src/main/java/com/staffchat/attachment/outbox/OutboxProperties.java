package com.staffchat.attachment.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay and its pruning ({@code staffchat.outbox.*}).
 *
 * @param pollInterval how often the relay looks for unsent events when no change of this instance woke it
 * @param batchSize events read and put in flight per round
 * @param retryBackoff the first pause after a failed publish; it doubles up to {@code maxBackoff}
 * @param maxBackoff the longest pause between attempts while Kafka is unreachable
 * @param retention how long a published event stays in the outbox table before it is pruned
 * @param pruneInterval how often published events older than {@code retention} are deleted
 */
@ConfigurationProperties("staffchat.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1h") Duration pruneInterval) {}

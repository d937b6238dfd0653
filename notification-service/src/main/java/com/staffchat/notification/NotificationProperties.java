package com.staffchat.notification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * notification-service settings.
 *
 * @param pusher where realtime events go, and how they are batched
 * @param services the internal services it asks
 * @param conversationListener how the conversation topic is consumed
 */
@Validated
@ConfigurationProperties("staffchat")
public record NotificationProperties(
        Pusher pusher, Services services, @DefaultValue ConversationListener conversationListener) {

    /**
     * @param concurrency consumer threads of the conversation listener in this instance; each polls
     *     and sends its own partitions' batches, so one's batch need not wait for another's (at most
     *     the topic's partitions, 6, are busy)
     */
    public record ConversationListener(
            @DefaultValue("3") @Min(1) @Max(64) int concurrency) {}

    /**
     * @param url Pusher HTTP API URL with credentials, {@code http(s)://key:secret@host[:port]/apps/{appId}}:
     *     our realtime-service locally, Pusher's API host in production
     * @param maxEventBytes the largest event data sent; larger messages go as a short form
     * @param maxEventsPerBatch most events in one {@code batch_events} call (Pusher allows 10)
     * @param maxChannelsPerTrigger most channels one event is triggered to in one call (Pusher allows 100)
     * @param callsInFlight most Pusher API calls under way at once (never two for one conversation)
     * @param requestTimeout how long one Pusher API call may take before it counts as an outage
     */
    public record Pusher(
            @NotBlank String url,
            @DefaultValue("10240") int maxEventBytes,
            @DefaultValue("10") @Min(1) @Max(10) int maxEventsPerBatch,
            @DefaultValue("100") @Min(1) @Max(100) int maxChannelsPerTrigger,
            @DefaultValue("8") @Min(1) @Max(64) int callsInFlight,
            @DefaultValue("4s") Duration requestTimeout) {}

    /** @param messageUrl base URL of message-service, asked whether a caller takes part in a conversation */
    public record Services(URI messageUrl) {}
}

package com.staffchat.notification;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * notification-service settings.
 *
 * @param pusher where realtime events go
 * @param services the internal services it asks
 * @param consumer how failed events are retried before they go to the dead-letter topic
 */
@Validated
@ConfigurationProperties("staffchat")
public record NotificationProperties(
        Pusher pusher, Services services, @DefaultValue Consumer consumer) {

    /**
     * @param url Pusher HTTP API URL with credentials, {@code http(s)://key:secret@host[:port]/apps/{appId}}:
     *     our realtime-service locally, Pusher's API host in production
     * @param maxEventBytes the largest event data sent; larger messages go as a short form
     */
    public record Pusher(
            @NotBlank String url, @DefaultValue("10240") int maxEventBytes) {}

    /** @param messageUrl base URL of message-service, asked whether a caller takes part in a conversation */
    public record Services(URI messageUrl) {}

    /**
     * @param retryInitialInterval first pause after a failed event
     * @param retryMaxInterval longest pause between attempts
     * @param retryMaxElapsed how long an event is retried before it goes to the dead-letter topic
     */
    public record Consumer(
            @DefaultValue("500ms") Duration retryInitialInterval,
            @DefaultValue("10s") Duration retryMaxInterval,
            @DefaultValue("2m") Duration retryMaxElapsed) {}
}

package com.staffchat.notification;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * notification-service settings.
 *
 * @param pusher where realtime events go
 * @param services the internal services it asks
 */
@Validated
@ConfigurationProperties("staffchat")
public record NotificationProperties(Pusher pusher, Services services) {

    /**
     * @param url Pusher HTTP API URL with credentials, {@code http(s)://key:secret@host[:port]/apps/{appId}}:
     *     our realtime-service locally, Pusher's API host in production
     * @param maxEventBytes the largest event data sent; larger messages go as a short form
     */
    public record Pusher(
            @NotBlank String url, @DefaultValue("10240") int maxEventBytes) {}

    /** @param messageUrl base URL of message-service, asked whether a caller takes part in a conversation */
    public record Services(URI messageUrl) {}
}

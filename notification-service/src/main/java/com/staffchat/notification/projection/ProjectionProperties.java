package com.staffchat.notification.projection;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the projection's per-person realtime events are sent.
 *
 * @param exactUnreadMaxMembers up to this many participants, each one's {@code unread-count} after a
 *     new message carries their own counts (one event per person, 10 to a Pusher call); above it one
 *     shared {@code unread-count} ({@code exact: false}) goes to every member's channel, 100 channels
 *     to a call, and the client counts from its own read position
 */
@Validated
@ConfigurationProperties("staffchat.projection")
public record ProjectionProperties(
        @DefaultValue("100") @Min(1) int exactUnreadMaxMembers) {}

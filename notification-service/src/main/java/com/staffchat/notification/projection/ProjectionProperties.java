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
 * @param unreadCountTo who gets an {@code unread-count} after a new message: {@code watching} (the
 *     default) only people whose own channel is occupied now, as realtime-service announces on
 *     {@code staffchat.presence} ({@link WatchedFeeds}); {@code every-participant} everyone with
 *     something unread, for a Pusher service that publishes no presence topic (the Pusher SaaS)
 */
@Validated
@ConfigurationProperties("staffchat.projection")
public record ProjectionProperties(
        @DefaultValue("100") @Min(1) int exactUnreadMaxMembers,
        @DefaultValue("watching") UnreadCountAudience unreadCountTo) {

    /** Who gets an {@code unread-count} after a new message. */
    public enum UnreadCountAudience {
        /** People whose own channel is occupied now. */
        WATCHING,
        /** Every participant with something unread. */
        EVERY_PARTICIPANT
    }

    /** The recipients query for the {@code unread-count} events after new messages. */
    public Projection.Who unreadCountRecipients() {
        return unreadCountTo == UnreadCountAudience.WATCHING ? Projection.Who.UNREAD_WATCHING : Projection.Who.UNREAD;
    }
}

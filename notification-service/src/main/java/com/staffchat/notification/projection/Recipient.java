package com.staffchat.notification.projection;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One participant of a conversation as the projection knows them: read position, unread in this
 * conversation ({@code lastSeq - lastReadSeq}, never below 0), mute, and unread across all their
 * conversations of the hotel ({@code totalUnreadCount}; null only where it was not asked for).
 */
public record Recipient(
        long staffId,
        long lastReadSeq,
        long unreadCount,
        boolean muted,
        @Nullable Instant mutedUntil,
        @Nullable Long totalUnreadCount) {

    /** Whether the mute holds at {@code at} (a mute with an end in the past has lapsed). */
    public boolean mutedAt(Instant at) {
        return muted && (mutedUntil == null || mutedUntil.isAfter(at));
    }
}

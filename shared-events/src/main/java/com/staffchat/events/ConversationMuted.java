package com.staffchat.events;

import java.time.Instant;

/**
 * A participant muted ({@code muted} true) or unmuted a conversation for themselves only. {@code mutedUntil}: when
 * the mute ends, null when it is for good (or on unmute). Notification-service decides pushes with it; it never
 * changes unread or mention counts.
 */
public record ConversationMuted(long conversationId, long staffId, boolean muted, Instant mutedUntil, Instant at)
        implements ConversationEvent {}

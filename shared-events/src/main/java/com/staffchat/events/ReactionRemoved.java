package com.staffchat.events;

import java.time.Instant;

/** A staff member took back a reaction. */
public record ReactionRemoved(long conversationId, long messageId, long seq, long staffId, String emoji, Instant at)
        implements ConversationEvent {}

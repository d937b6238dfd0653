package com.staffchat.events;

import java.time.Instant;

/** A staff member reacted to a message with one emoji. */
public record ReactionAdded(long conversationId, long messageId, long seq, long staffId, String emoji, Instant at)
        implements ConversationEvent {}

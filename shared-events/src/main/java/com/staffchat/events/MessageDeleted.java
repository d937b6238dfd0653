package com.staffchat.events;

import java.time.Instant;

/** A message was deleted: SOFT leaves a placeholder, HARD removes the row and its files. */
public record MessageDeleted(
        long conversationId, long messageId, long seq, long deletedBy, DeleteMode mode, Instant deletedAt)
        implements ConversationEvent {}

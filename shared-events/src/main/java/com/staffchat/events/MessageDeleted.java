package com.staffchat.events;

import java.time.Instant;

/**
 * A message was deleted: SOFT leaves a placeholder at its {@code seq} (text, mentions, reactions and
 * attachments gone), HARD removes the row, its history and its files and leaves a "deleted" stub at
 * its {@code seq}. {@code id} is the message id, {@code senderId} who wrote it, {@code deletedBy}
 * who deleted it (the sender, or a manager or admin of the hotel).
 */
public record MessageDeleted(
        long id, long conversationId, long seq, long senderId, long deletedBy, DeleteMode mode, Instant deletedAt)
        implements ConversationEvent {}

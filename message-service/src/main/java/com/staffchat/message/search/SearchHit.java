package com.staffchat.message.search;

import java.time.Instant;

/**
 * One message that matched: where it is ({@code conversationId}, {@code seq}; fetch it whole by
 * {@code messageId}), who sent it and when, and the {@link Snippet} around the matched words of its
 * current text.
 */
public record SearchHit(
        long messageId,
        long conversationId,
        long seq,
        long senderId,
        Instant createdAt,
        Instant editedAt,
        boolean hasAttachments,
        Snippet snippet) {}

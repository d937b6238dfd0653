package com.staffchat.message.mention;

import java.time.Instant;

/**
 * One of my mentions: the message ({@code messageId}, its {@code conversationId} and {@code seq},
 * who sent it), how I was mentioned ({@code handle}, {@code department}, {@code all}) and the
 * message's first 100 characters; fetch the whole message by its conversation and seq.
 */
public record MentionView(
        long messageId,
        long conversationId,
        long seq,
        long senderId,
        String kind,
        String preview,
        Instant createdAt,
        Instant editedAt) {}

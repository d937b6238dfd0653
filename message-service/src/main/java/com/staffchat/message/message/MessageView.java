package com.staffchat.message.message;

import java.time.Instant;

/** A message as the API returns it. {@code seq} is its gapless position in the conversation. */
public record MessageView(
        long id,
        long conversationId,
        long seq,
        long senderId,
        String body,
        Long replyToId,
        String clientId,
        Instant createdAt,
        Instant editedAt,
        boolean deleted) {}

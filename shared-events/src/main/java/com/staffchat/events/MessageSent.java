package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/**
 * A message was sent. {@code seq} numbers the conversation's messages without gaps, so a consumer
 * that sees a gap knows it missed one.
 */
public record MessageSent(
        long conversationId,
        long messageId,
        long seq,
        long senderId,
        String body,
        Long replyToId,
        List<Long> mentionedStaffIds,
        List<String> attachmentIds,
        String clientId,
        Instant sentAt)
        implements ConversationEvent {}

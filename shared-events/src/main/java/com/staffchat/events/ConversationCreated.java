package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/** A direct or group conversation was created with its first participants. */
public record ConversationCreated(
        long conversationId,
        ConversationKind kind,
        String title,
        long createdBy,
        List<Long> participantIds,
        Instant createdAt)
        implements ConversationEvent {}

package com.staffchat.events;

import java.time.Instant;

/**
 * A group's title, description, avatar or history visibility changed; the fields carry the new
 * values ({@code historyVisible} null in events written before it existed).
 */
public record ConversationUpdated(
        long conversationId,
        long updatedBy,
        String title,
        String description,
        String avatarUrl,
        Instant updatedAt,
        Boolean historyVisible)
        implements ConversationEvent {

    public ConversationUpdated(
            long conversationId,
            long updatedBy,
            String title,
            String description,
            String avatarUrl,
            Instant updatedAt) {
        this(conversationId, updatedBy, title, description, avatarUrl, updatedAt, null);
    }
}

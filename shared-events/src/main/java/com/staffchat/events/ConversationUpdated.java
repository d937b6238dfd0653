package com.staffchat.events;

import java.time.Instant;

/** A group's title, description or avatar changed; the fields carry the new values. */
public record ConversationUpdated(
        long conversationId, long updatedBy, String title, String description, String avatarUrl, Instant updatedAt)
        implements ConversationEvent {}

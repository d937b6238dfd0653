package com.staffchat.events;

import java.time.Instant;

/** An attachment and its files were removed. */
public record AttachmentDeleted(
        String attachmentId, long conversationId, long deletedBy, DeletionReason reason, Instant at)
        implements AttachmentEvent {}

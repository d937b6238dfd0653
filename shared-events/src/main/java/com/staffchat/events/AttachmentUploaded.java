package com.staffchat.events;

import java.time.Instant;

/** A file was stored; its content type was detected from its bytes. */
public record AttachmentUploaded(
        String attachmentId,
        long conversationId,
        long uploaderId,
        String fileName,
        String contentType,
        long sizeBytes,
        Instant uploadedAt)
        implements AttachmentEvent {}

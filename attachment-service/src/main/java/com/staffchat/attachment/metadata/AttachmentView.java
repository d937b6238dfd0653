package com.staffchat.attachment.metadata;

import java.time.Instant;

/**
 * An attachment as clients see it. {@code status} is {@code READY} (an upload returns only once its files are
 * stored and checked); {@code messageId} is null until the file is sent with a message; {@code thumbnail} is
 * null for types that get none.
 */
public record AttachmentView(
        String id,
        long conversationId,
        long uploaderId,
        Long messageId,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        String status,
        Thumbnail thumbnail,
        Instant uploadedAt) {

    /** Whether a thumbnail can be fetched yet ({@code .../thumbnail-url}), and its size once known. */
    public record Thumbnail(boolean available, Integer width, Integer height) {}

    public static AttachmentView of(Attachment a) {
        return new AttachmentView(
                a.id().toString(),
                a.conversationId(),
                a.uploaderId(),
                a.messageId(),
                a.fileName(),
                a.contentType(),
                a.sizeBytes(),
                a.sha256(),
                "READY",
                a.thumbnailable() ? new Thumbnail(a.thumbnailReady(), a.thumbnailWidth(), a.thumbnailHeight()) : null,
                a.uploadedAt());
    }
}

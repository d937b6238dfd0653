package com.staffchat.attachment.metadata;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One stored file. {@code objectKey} is {@code {hotel}/{conversationId}/{id}}, made by the server; the client's
 * file name is {@code fileName}, sanitised, and never part of a key. {@code thumbnailStatus} is the thumbnail
 * package's ({@code NONE}, {@code PENDING}, {@code READY}, {@code FAILED}); the width and height are the small
 * thumbnail's, once it is ready.
 */
public record Attachment(
        UUID id,
        String hotel,
        long conversationId,
        long uploaderId,
        Long messageId,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        String objectKey,
        String thumbnailKey,
        Instant uploadedAt,
        Instant deletedAt,
        String thumbnailStatus,
        Integer thumbnailWidth,
        Integer thumbnailHeight) {

    /** The object key of a new attachment. */
    public static String objectKey(String hotel, long conversationId, UUID id) {
        return hotel + "/" + conversationId + "/" + id;
    }

    /** Every object of this attachment: the file and, whether made yet or not, its thumbnails. */
    public List<String> objectKeys() {
        return List.of(objectKey, objectKey + "/thumb-small", objectKey + "/thumb-large");
    }

    /**
     * Whether thumbnails are made for this type ({@code ThumbnailMaker.supports}: JPEG, PNG, GIF, WebP, BMP and
     * PDF) and were not found impossible ({@code NONE}); others have no {@code thumbnail} in the view.
     */
    public boolean thumbnailable() {
        return com.staffchat.attachment.thumbnail.ThumbnailMaker.supports(contentType)
                && !"NONE".equals(thumbnailStatus);
    }

    /** Whether both thumbnails are stored and can be fetched. */
    public boolean thumbnailReady() {
        return "READY".equals(thumbnailStatus);
    }
}

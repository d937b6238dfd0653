package com.staffchat.attachment.metadata;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One stored file. {@code objectKey} is {@code {hotel}/{conversationId}/{id}}, made by the server; the client's
 * file name is {@code fileName}, sanitised, and never part of a key.
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
        Instant deletedAt) {

    /** The object key of a new attachment. */
    public static String objectKey(String hotel, long conversationId, UUID id) {
        return hotel + "/" + conversationId + "/" + id;
    }

    /** Every object of this attachment: the file and, whether made yet or not, its thumbnails. */
    public List<String> objectKeys() {
        return List.of(objectKey, objectKey + "/thumb-small", objectKey + "/thumb-large");
    }

    /** Whether thumbnails are made for this type (images and PDFs); others have no {@code thumbnail} in the view. */
    public boolean thumbnailable() {
        return contentType.startsWith("image/") || contentType.equals("application/pdf");
    }
}

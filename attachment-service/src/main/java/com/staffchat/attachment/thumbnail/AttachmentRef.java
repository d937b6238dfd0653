package com.staffchat.attachment.thumbnail;

import java.util.Objects;
import java.util.UUID;

/**
 * The attachment a thumbnail is made for: what the upload knows once it has committed.
 *
 * @param hotel the hotel (tenant) the attachment belongs to
 * @param attachmentId the attachment's id
 * @param conversationId the conversation it was uploaded to
 * @param objectKey the S3 key of the stored file, {@code {hotel}/{conversationId}/{uuid}}
 * @param contentType the type detected from the file's bytes
 */
public record AttachmentRef(
        String hotel, UUID attachmentId, long conversationId, String objectKey, String contentType) {

    public AttachmentRef {
        Objects.requireNonNull(hotel, "hotel");
        Objects.requireNonNull(attachmentId, "attachmentId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(contentType, "contentType");
    }
}

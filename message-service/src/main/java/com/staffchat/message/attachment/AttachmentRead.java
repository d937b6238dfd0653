package com.staffchat.message.attachment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * attachment-service's Attachment JSON ({@code GET /api/v1/attachments/{id}}), the fields a send checks and copies;
 * the rest of the shape (sha256, thumbnail, uploadedAt) is ignored here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record AttachmentRead(
        UUID id,
        Long conversationId,
        Long uploaderId,
        Long messageId,
        String fileName,
        String contentType,
        Long sizeBytes,
        String status) {

    static final String READY = "READY";
}

package com.staffchat.attachment.linking;

import com.staffchat.events.AttachmentDeleted;
import com.staffchat.events.DeletionReason;
import java.time.Instant;
import java.util.UUID;

/**
 * One attachment this package removed (files deleted, row marked deleted). {@code deletedBy}: who deleted the
 * message ({@link DeletionReason#MESSAGE_DELETED}), or 0 when no person did ({@link DeletionReason#EXPIRED}).
 */
public record Removal(
        UUID attachmentId,
        String hotel,
        long conversationId,
        long uploaderId,
        long deletedBy,
        DeletionReason reason,
        Instant at) {

    /** The event that tells everyone, for the outbox. */
    public AttachmentDeleted event() {
        return new AttachmentDeleted(attachmentId.toString(), conversationId, deletedBy, reason, at);
    }
}

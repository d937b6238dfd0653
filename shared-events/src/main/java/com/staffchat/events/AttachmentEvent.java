package com.staffchat.events;

/** An event on the {@link Topics#ATTACHMENTS} topic. */
public sealed interface AttachmentEvent extends EventPayload
        permits AttachmentUploaded, ThumbnailReady, AttachmentDeleted {

    /** The conversation the attachment belongs to; the Kafka record key. */
    long conversationId();

    @Override
    default String subject() {
        return Long.toString(conversationId());
    }

    /** The attachment the event is about. */
    String attachmentId();
}

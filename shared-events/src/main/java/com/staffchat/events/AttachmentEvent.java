package com.staffchat.events;

/** An event on the {@link Topics#ATTACHMENTS} topic. */
public sealed interface AttachmentEvent extends EventPayload
        permits AttachmentUploaded, ThumbnailReady, AttachmentDeleted {

    /** The attachment the event is about. */
    String attachmentId();
}

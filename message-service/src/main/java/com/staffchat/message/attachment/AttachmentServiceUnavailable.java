package com.staffchat.message.attachment;

/** attachment-service did not answer in time, could not be reached, or failed: the send stored nothing. */
public final class AttachmentServiceUnavailable extends RuntimeException {

    AttachmentServiceUnavailable(Throwable cause) {
        super("attachment-service unavailable: " + cause, cause);
    }
}

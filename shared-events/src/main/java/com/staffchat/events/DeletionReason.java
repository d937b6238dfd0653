package com.staffchat.events;

/** Why an attachment went away. */
public enum DeletionReason {
    /** Its uploader or a manager deleted it. */
    DELETED,
    /** The message it belonged to was hard-deleted. */
    MESSAGE_DELETED,
    /** It was never attached to a message and expired. */
    EXPIRED
}

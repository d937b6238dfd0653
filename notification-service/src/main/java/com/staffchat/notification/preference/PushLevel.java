package com.staffchat.notification.preference;

/** What a person wants pushed to their phones. */
public enum PushLevel {
    /** every message of conversations they take part in (unless muted) */
    ALL,
    /** only messages that mention them and messages in direct conversations */
    MENTIONS_AND_DIRECT,
    /** nothing */
    NONE
}

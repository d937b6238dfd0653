package com.staffchat.notification.preference;

/** What a push would be about, as far as preferences care. */
public enum PushKind {
    /** a message in a group conversation that does not mention the person */
    MESSAGE,
    /** a message that mentions the person (by handle, department or {@code @all}) */
    MENTION,
    /** a message in a direct (one-to-one) conversation */
    DIRECT_MESSAGE;

    /** Mentions and direct messages are what {@link PushLevel#MENTIONS_AND_DIRECT} keeps and a mute lets through. */
    boolean personal() {
        return this != MESSAGE;
    }
}

package com.staffchat.events;

/** Whether a conversation is between two people or a named group. */
public enum ConversationKind {
    DIRECT,
    GROUP
}

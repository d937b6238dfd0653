package com.staffchat.events;

/** Who wrote a message: a person ({@code USER}), or the service recording a change of the conversation ({@code SYSTEM}). */
public enum MessageKind {
    USER,
    SYSTEM
}

package com.staffchat.events;

/** How a message was deleted. */
public enum DeleteMode {
    SOFT,
    HARD
}

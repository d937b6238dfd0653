package com.staffchat.support.consumer;

import java.util.UUID;

/** A handler failed on an event; names the consumer, so the dead letter says whose effect failed. */
public class EventHandlingException extends RuntimeException {

    private final String consumer;
    private final UUID eventId;

    public EventHandlingException(String consumer, UUID eventId, Throwable cause) {
        super(consumer + " failed on event " + eventId + ": " + cause, cause);
        this.consumer = consumer;
        this.eventId = eventId;
    }

    public String consumer() {
        return consumer;
    }

    public UUID eventId() {
        return eventId;
    }
}

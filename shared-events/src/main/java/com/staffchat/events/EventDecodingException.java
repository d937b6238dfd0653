package com.staffchat.events;

/** A record that is not a well-formed event of a known type and schema version. Never retried: it goes to the dead-letter topic. */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.staffchat.support.consumer;

/**
 * Thrown by a handler when something it depends on (realtime-service, Pusher, a database, another
 * service) is unavailable rather than the event being wrong: the event is retried with capped
 * back-off for as long as the outage lasts, with its partition paused, and never dead-lettered.
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message);
    }

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

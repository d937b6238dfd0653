package com.staffchat.attachment;

/**
 * Something an attachment request depends on (S3, message-service) cannot answer right now. Answered as a
 * 503 {@code service-unavailable} problem with {@code Retry-After}; the request changed nothing.
 */
public class DependencyUnavailable extends RuntimeException {

    public DependencyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

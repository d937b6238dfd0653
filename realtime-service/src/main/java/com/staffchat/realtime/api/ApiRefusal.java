package com.staffchat.realtime.api;

import org.springframework.http.HttpStatus;

/**
 * Why an HTTP API request was refused. The body is plain text, as Pusher answers, and the server
 * libraries show it to the developer (pusher-http-java puts it in the Result's message).
 */
final class ApiRefusal extends RuntimeException {

    private final HttpStatus status;

    private ApiRefusal(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    /** 400: the request is malformed or breaks a limit other than size. */
    static ApiRefusal invalid(String message) {
        return new ApiRefusal(HttpStatus.BAD_REQUEST, message);
    }

    /** 401: the signature, key, timestamp or body hash does not check out. */
    static ApiRefusal unauthorized(String message) {
        return new ApiRefusal(HttpStatus.UNAUTHORIZED, message);
    }

    /** 404: no such app. */
    static ApiRefusal notFound(String message) {
        return new ApiRefusal(HttpStatus.NOT_FOUND, message);
    }

    /** 429: the app is over its HTTP API rate (the quota has set the rate headers). */
    static ApiRefusal tooManyRequests(String message) {
        return new ApiRefusal(HttpStatus.TOO_MANY_REQUESTS, message);
    }

    /** 413: event data or the request body is too large. */
    static ApiRefusal tooLarge(String message) {
        return new ApiRefusal(HttpStatus.CONTENT_TOO_LARGE, message);
    }
}

package com.staffchat.support.problem;

import org.springframework.http.HttpStatus;

/**
 * The small vocabulary of domain errors every service speaks. Each maps to one HTTP status and one
 * problem type; the message is written for the client developer who will read it.
 */
public abstract sealed class DomainException extends RuntimeException
        permits DomainException.NotFound,
                DomainException.Conflict,
                DomainException.Forbidden,
                DomainException.Invalid,
                DomainException.Unavailable,
                DomainException.Gone {

    private final HttpStatus status;
    private final String slug;
    private final String title;

    DomainException(HttpStatus status, String slug, String title, String message) {
        super(message);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** 404: absent, or not visible to this caller (another hotel's ids, a conversation they are not in). */
    public static NotFound notFound(String what) {
        return new NotFound(what);
    }

    public static Conflict conflict(String message) {
        return new Conflict(message);
    }

    /**
     * 409 with a problem type of its own ({@code slug}, e.g. {@code conversation-archived}), for a conflict a client
     * reacts to apart from the others.
     */
    public static Conflict conflict(String slug, String title, String message) {
        return new Conflict(slug, title, message);
    }

    public static Forbidden forbidden(String message) {
        return new Forbidden(message);
    }

    public static Invalid invalid(String message) {
        return new Invalid(message);
    }

    /** 503: something this request depends on cannot answer right now; retrying later may work. */
    public static Unavailable unavailable(String message) {
        return new Unavailable(message);
    }

    /**
     * 410 with its own problem type {@code slug}: what the request points at (a cursor, say) is no longer answered;
     * the message says what the client does instead.
     */
    public static Gone gone(String slug, String title, String message) {
        return new Gone(slug, title, message);
    }

    public static final class NotFound extends DomainException {
        NotFound(String what) {
            super(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " was not found");
        }
    }

    public static final class Conflict extends DomainException {
        Conflict(String message) {
            this("conflict", "Conflict", message);
        }

        Conflict(String slug, String title, String message) {
            super(HttpStatus.CONFLICT, slug, title, message);
        }
    }

    public static final class Forbidden extends DomainException {
        Forbidden(String message) {
            super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", message);
        }
    }

    public static final class Invalid extends DomainException {
        Invalid(String message) {
            super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", message);
        }
    }

    public static final class Unavailable extends DomainException {
        Unavailable(String message) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable", message);
        }
    }

    public static final class Gone extends DomainException {
        Gone(String slug, String title, String message) {
            super(HttpStatus.GONE, slug, title, message);
        }
    }
}

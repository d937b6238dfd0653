package com.staffchat.realtime.ops;

/**
 * Why the server refused a connection or a request: the bounded set of values of the
 * {@code reason} label on {@code staffchat_realtime_rejected_total}.
 */
public enum Rejection {

    /** A WebSocket or API request named no known app (4001, or HTTP 404). */
    UNKNOWN_APP("unknown_app"),

    /** The app is disabled (4003, or HTTP 403). */
    APP_DISABLED("app_disabled"),

    /** The app is at its connection quota on this node (4004). */
    CONNECTION_QUOTA("connection_quota"),

    /** The client address holds as many connections as {@code max-connections-per-address} allows (4100). */
    ADDRESS_CONNECTIONS("address_connections"),

    /** The node is draining for shutdown (HTTP 503 to the WebSocket handshake). */
    DRAINING("draining"),

    /** The app is over its HTTP API rate (HTTP 429). */
    API_RATE_LIMIT("api_rate_limit"),

    /**
     * The client address made too many unauthenticated API requests lately; refused before its
     * signature was checked (HTTP 429).
     */
    API_CLIENT_BLOCKED("api_client_blocked"),

    /** The API request's signature, key, timestamp or body hash did not check out (HTTP 401). */
    API_UNAUTHORIZED("api_unauthorized"),

    /** The API request was malformed or broke a limit other than size (HTTP 400 and other 4xx). */
    API_INVALID("api_invalid"),

    /** The API request or its event data was too large (HTTP 413). */
    API_TOO_LARGE("api_too_large"),

    /** The API failed on the server's side (HTTP 5xx). */
    API_ERROR("api_error");

    private final String label;

    Rejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The rejection an HTTP API status stands for, or null for a success. */
    static Rejection ofApiStatus(int status) {
        if (status < 400) {
            return null;
        }
        return switch (status) {
            case 401 -> API_UNAUTHORIZED;
            case 403 -> APP_DISABLED;
            case 404 -> UNKNOWN_APP;
            case 413 -> API_TOO_LARGE;
            case 429 -> API_RATE_LIMIT;
            default -> status >= 500 ? API_ERROR : API_INVALID;
        };
    }
}

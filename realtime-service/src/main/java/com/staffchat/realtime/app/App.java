package com.staffchat.realtime.app;

/**
 * One Pusher app: {@code id} names it in the HTTP API path, {@code key} in the WebSocket path and
 * in signatures, {@code secret} signs channel authorizations and HTTP API requests; {@code limits}
 * are its quotas.
 */
public record App(String id, String key, String secret, AppLimits limits) {

    public App {
        requireText(id, "id");
        requireText(key, "key");
        requireText(secret, "secret");
        if (limits == null) {
            limits = AppLimits.PUSHER_DEFAULTS;
        }
    }

    /** An app with Pusher's default limits and no connection or API quota. */
    public App(String id, String key, String secret) {
        this(id, key, secret, AppLimits.PUSHER_DEFAULTS);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("App " + name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        // Never print the secret in logs or error messages.
        return "App[id=" + id + ", key=" + key + "]";
    }
}

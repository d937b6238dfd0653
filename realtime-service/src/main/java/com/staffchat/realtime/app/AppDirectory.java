package com.staffchat.realtime.app;

import java.util.Optional;

/**
 * Finds enabled apps by WebSocket key or HTTP API id. A disabled or unknown app is not found;
 * {@link #isDisabledKey} and {@link #isDisabledId} tell the two apart for a clearer refusal.
 */
public interface AppDirectory {

    Optional<App> byKey(String key);

    Optional<App> byId(String id);

    /** Whether an app with this key exists but is disabled (connections then get 4003). */
    default boolean isDisabledKey(String key) {
        return false;
    }

    /** Whether an app with this id exists but is disabled (API requests then get 403). */
    default boolean isDisabledId(String id) {
        return false;
    }
}

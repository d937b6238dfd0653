package com.staffchat.realtime.app;

/**
 * One row of {@code realtime.apps}; null limits fall back to the defaults.
 */
public record StoredApp(
        String id,
        String key,
        String secret,
        boolean enabled,
        Integer maxConnections,
        Integer apiRequestsPerSecond,
        Integer clientEventsPerSecond,
        Integer signInDeadlineSeconds,
        Integer maxPresenceMembers) {

    @Override
    public String toString() {
        return "StoredApp[id=" + id + ", key=" + key + ", enabled=" + enabled + "]";
    }
}

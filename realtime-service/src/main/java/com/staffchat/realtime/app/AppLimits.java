package com.staffchat.realtime.app;

/**
 * The quotas of one app on one node.
 *
 * @param maxConnections open WebSocket connections allowed; beyond it a new connection is closed
 * with 4004 ({@link #UNLIMITED} for no limit)
 * @param apiRequestsPerSecond HTTP API requests per second, with a burst of one second's worth;
 * beyond it the API answers 429 ({@link #UNLIMITED} for no limit)
 * @param clientEventsPerSecond client events one connection may send per second (4301 beyond)
 */
public record AppLimits(int maxConnections, int apiRequestsPerSecond, int clientEventsPerSecond) {

    public static final int UNLIMITED = 0;

    /** No connection or API quota, and Pusher's 10 client events a second. */
    public static final AppLimits PUSHER_DEFAULTS = new AppLimits(UNLIMITED, UNLIMITED, 10);

    public AppLimits {
        if (maxConnections < 0 || apiRequestsPerSecond < 0) {
            throw new IllegalArgumentException("App limits must be 0 (no limit) or positive");
        }
        if (clientEventsPerSecond <= 0) {
            throw new IllegalArgumentException("client-events-per-second must be positive");
        }
    }

    /** These limits with each non-null override applied. */
    public AppLimits with(Integer maxConnections, Integer apiRequestsPerSecond, Integer clientEventsPerSecond) {
        return new AppLimits(
                maxConnections == null ? this.maxConnections : maxConnections,
                apiRequestsPerSecond == null ? this.apiRequestsPerSecond : apiRequestsPerSecond,
                clientEventsPerSecond == null ? this.clientEventsPerSecond : clientEventsPerSecond);
    }
}

package com.staffchat.realtime.app;

import java.time.Duration;

/**
 * The quotas of one app on one node.
 *
 * @param maxConnections open WebSocket connections allowed; beyond it a new connection is closed
 * with 4004 ({@link #UNLIMITED} for no limit)
 * @param apiRequestsPerSecond HTTP API requests per second, with a burst of one second's worth;
 * beyond it the API answers 429 ({@link #UNLIMITED} for no limit)
 * @param clientEventsPerSecond client events one connection may send per second (4301 beyond)
 * @param signInDeadline Pusher's "authorized connections": a connection that has not completed
 * {@code pusher:signin} this long after connecting is closed with 4009 ({@link Duration#ZERO}: off)
 * @param maxPresenceMembers most distinct users on one presence channel of the app; one more is
 * refused with {@code pusher:subscription_error} 403 (Pusher: 100)
 */
public record AppLimits(
        int maxConnections,
        int apiRequestsPerSecond,
        int clientEventsPerSecond,
        Duration signInDeadline,
        int maxPresenceMembers) {

    public static final int UNLIMITED = 0;

    /** Pusher's cap on the members of a presence channel. */
    public static final int PUSHER_PRESENCE_MEMBERS = 100;

    /** No connection or API quota, and Pusher's 10 client events a second. */
    public static final AppLimits PUSHER_DEFAULTS = new AppLimits(UNLIMITED, UNLIMITED, 10);

    /** Limits without a sign-in deadline, with Pusher's presence cap. */
    public AppLimits(int maxConnections, int apiRequestsPerSecond, int clientEventsPerSecond) {
        this(maxConnections, apiRequestsPerSecond, clientEventsPerSecond, Duration.ZERO);
    }

    /** Limits with Pusher's presence cap. */
    public AppLimits(int maxConnections, int apiRequestsPerSecond, int clientEventsPerSecond, Duration signInDeadline) {
        this(maxConnections, apiRequestsPerSecond, clientEventsPerSecond, signInDeadline, PUSHER_PRESENCE_MEMBERS);
    }

    public AppLimits {
        if (maxConnections < 0 || apiRequestsPerSecond < 0) {
            throw new IllegalArgumentException("App limits must be 0 (no limit) or positive");
        }
        if (clientEventsPerSecond <= 0) {
            throw new IllegalArgumentException("client-events-per-second must be positive");
        }
        if (signInDeadline == null) {
            signInDeadline = Duration.ZERO;
        }
        if (signInDeadline.isNegative()) {
            throw new IllegalArgumentException("sign-in-deadline must be 0 (off) or positive");
        }
        if (maxPresenceMembers <= 0) {
            throw new IllegalArgumentException("max-presence-members must be positive");
        }
    }

    /** Whether connections must sign in within {@link #signInDeadline}. */
    public boolean requiresSignIn() {
        return !signInDeadline.isZero();
    }

    /** These limits with each non-null override applied. */
    public AppLimits with(
            Integer maxConnections,
            Integer apiRequestsPerSecond,
            Integer clientEventsPerSecond,
            Duration signInDeadline,
            Integer maxPresenceMembers) {
        return new AppLimits(
                maxConnections == null ? this.maxConnections : maxConnections,
                apiRequestsPerSecond == null ? this.apiRequestsPerSecond : apiRequestsPerSecond,
                clientEventsPerSecond == null ? this.clientEventsPerSecond : clientEventsPerSecond,
                signInDeadline == null ? this.signInDeadline : signInDeadline,
                maxPresenceMembers == null ? this.maxPresenceMembers : maxPresenceMembers);
    }
}

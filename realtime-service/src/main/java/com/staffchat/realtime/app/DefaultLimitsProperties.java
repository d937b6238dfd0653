package com.staffchat.realtime.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Quotas for apps that do not set their own ({@code staffchat.realtime.default-limits.*}). The
 * client-event rate default stays at {@code staffchat.realtime.client-events-per-second}.
 *
 * @param maxConnections open WebSocket connections per app on this node; a connection beyond it is
 * closed with 4004 "Over connection quota" (0 for no limit)
 * @param apiRequestsPerSecond HTTP API requests per app and second, with a burst of one second's
 * worth; beyond it the API answers 429 with {@code Retry-After} (0 for no limit)
 * @param signInDeadline how long a connection may stay without completing {@code pusher:signin}
 * before it is closed with 4009 (Pusher's "authorized connections"; {@code 0s}: off, the default)
 */
@ConfigurationProperties("staffchat.realtime.default-limits")
public record DefaultLimitsProperties(
        @DefaultValue("0") int maxConnections,
        @DefaultValue("1000") int apiRequestsPerSecond,
        @DefaultValue("0s") Duration signInDeadline) {

    public DefaultLimitsProperties {
        if (maxConnections < 0 || apiRequestsPerSecond < 0 || signInDeadline.isNegative()) {
            throw new IllegalArgumentException("staffchat.realtime.default-limits.* must be 0 (no limit) or positive");
        }
    }

    /**
     * The limits an app gets when it sets none of its own; the client-event rate and the presence
     * cap come from {@code staffchat.realtime.client-events-per-second} and {@code max-presence-members}.
     */
    public AppLimits limits(int clientEventsPerSecond, int maxPresenceMembers) {
        return new AppLimits(
                maxConnections, apiRequestsPerSecond, clientEventsPerSecond, signInDeadline, maxPresenceMembers);
    }
}

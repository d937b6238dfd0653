package com.staffchat.realtime.protocol;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Protocol features with a tunable limit ({@code staffchat.realtime.protocol.*}).
 *
 * @param cacheTtl how long a cache channel remembers its last event (Pusher: up to 30 minutes)
 * @param subscriptionCountThrottleAbove above this many subscribers, {@code pusher_internal:subscription_count}
 * is sent at most once per {@code subscriptionCountInterval} on a channel (Pusher: 100)
 * @param subscriptionCountInterval the least time between two counts on a busy channel (Pusher: 5 s)
 * @param maxWatchlistSize most user ids of a watchlist that are watched; more are dropped with error 4302 (Pusher: 100)
 */
@ConfigurationProperties("staffchat.realtime.protocol")
public record ProtocolProperties(
        @DefaultValue("30m") Duration cacheTtl,
        @DefaultValue("100") int subscriptionCountThrottleAbove,
        @DefaultValue("5s") Duration subscriptionCountInterval,
        @DefaultValue("100") int maxWatchlistSize) {

    /** Pusher's values. */
    public static final ProtocolProperties DEFAULTS =
            new ProtocolProperties(Duration.ofMinutes(30), 100, Duration.ofSeconds(5), 100);

    public ProtocolProperties {
        if (cacheTtl.isNegative()
                || cacheTtl.isZero()
                || subscriptionCountInterval.isNegative()
                || subscriptionCountThrottleAbove < 0
                || maxWatchlistSize < 0) {
            throw new IllegalArgumentException(
                    "staffchat.realtime.protocol: cache-ttl must be positive and no limit negative");
        }
    }
}

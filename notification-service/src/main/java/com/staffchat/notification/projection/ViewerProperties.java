package com.staffchat.notification.projection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who is looking at a conversation ({@code staffchat.viewers.*}).
 *
 * @param maxAge how long a subscription counts without being announced again: realtime-service
 *     repeats {@code subscription_added} every {@code fleet.viewer-refresh-interval} (5 minutes), so a
 *     row older than this lost its removal (a Redis failover, a stream trimmed while the relay was
 *     down) and is ignored, then pruned. Keep it a few refresh intervals long.
 * @param pruneInterval how often rows older than {@code max-age} are deleted
 */
@ConfigurationProperties("staffchat.viewers")
public record ViewerProperties(
        @DefaultValue("15m") Duration maxAge,
        @DefaultValue("10m") Duration pruneInterval) {

    public ViewerProperties {
        if (maxAge.isNegative() || maxAge.isZero() || pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("staffchat.viewers.max-age and prune-interval must be positive");
        }
    }
}

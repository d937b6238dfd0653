package com.staffchat.realtime.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a node leaves ({@code staffchat.realtime.shutdown.*}).
 *
 * @param drainWindow over how long open connections are closed (4200, clients reconnect elsewhere)
 * on shutdown; keep it below {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s by default)
 * @param batchInterval time between two batches of closes within the window
 */
@ConfigurationProperties("staffchat.realtime.shutdown")
public record ShutdownProperties(
        @DefaultValue("10s") Duration drainWindow,
        @DefaultValue("100ms") Duration batchInterval) {

    public ShutdownProperties {
        if (drainWindow.isNegative() || batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException(
                    "staffchat.realtime.shutdown.drain-window must not be negative and batch-interval must be positive");
        }
    }
}

package com.staffchat.message.snapshot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Writing conversation snapshots.
 *
 * @param pageSize conversations snapshotted per transaction: their rows stay locked (shared) until it commits, so
 *     sends to them wait that long at most
 * @param lockTimeout the longest a page waits for a row lock held by a change in flight; then it is rolled back and
 *     tried again, so the conversations it holds already are not kept from sends meanwhile
 */
@ConfigurationProperties("staffchat.snapshots")
public record SnapshotProperties(
        @DefaultValue("500") int pageSize,
        @DefaultValue("2s") Duration lockTimeout) {

    public SnapshotProperties {
        if (pageSize < 1) {
            throw new IllegalArgumentException("staffchat.snapshots.page-size must be at least 1");
        }
    }
}

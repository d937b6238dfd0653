package com.staffchat.realtime.fleet;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the fleet ({@code staffchat.realtime.fleet.*}).
 *
 * @param enabled run as a fleet node sharing state through Redis ({@code spring.data.redis.*});
 * off means the single-node in-memory registry and no webhooks
 * @param nodeId this node's id, unique in the fleet; empty means a random one per start
 * @param keyPrefix prefix of every Redis key and pub/sub channel ({@code <prefix>:{appId}:...})
 * @param heartbeatTtl how long this node's lease lives without renewal; after it a surviving
 * node reaps the node's connections
 * @param heartbeatInterval how often the lease is renewed
 * @param reapInterval how often a node looks for nodes whose lease expired
 * @param vacateGrace delay before {@code channel_vacated} and {@code member_removed} are
 * recorded; a rejoin within it cancels both the removal and the matching addition
 * @param pollInterval how often webhook and Kafka relays read the event stream
 * @param eventStreamMaxLength approximate cap on the event stream's length (oldest trimmed)
 * @param presenceTopic Kafka topic that receives the channel events
 * @param publishPresenceTopic whether channel events are sent to {@code presenceTopic}
 * @param viewerRefreshInterval how often, with the presence topic on, each node records
 * {@code subscription_added} again for its signed-in connections on private channels, so that
 * consumers can expire a subscription whose removal never reached them
 */
@ConfigurationProperties("staffchat.realtime.fleet")
public record FleetProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String nodeId,
        @DefaultValue("rt") String keyPrefix,
        @DefaultValue("10s") Duration heartbeatTtl,
        @DefaultValue("3s") Duration heartbeatInterval,
        @DefaultValue("2s") Duration reapInterval,
        @DefaultValue("3s") Duration vacateGrace,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("100000") long eventStreamMaxLength,
        @DefaultValue("staffchat.presence") String presenceTopic,
        @DefaultValue("false") boolean publishPresenceTopic,
        @DefaultValue("5m") Duration viewerRefreshInterval) {

    public FleetProperties {
        if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.contains("{")) {
            throw new IllegalArgumentException("staffchat.realtime.fleet.key-prefix must be non-blank, without '{'");
        }
        if (viewerRefreshInterval.isNegative() || viewerRefreshInterval.isZero()) {
            throw new IllegalArgumentException("staffchat.realtime.fleet.viewer-refresh-interval must be positive");
        }
        if (heartbeatInterval.compareTo(heartbeatTtl) >= 0) {
            throw new IllegalArgumentException(
                    "staffchat.realtime.fleet.heartbeat-interval must be shorter than heartbeat-ttl");
        }
    }

    /** The configured node id, or a fresh random one. */
    public String resolvedNodeId() {
        return nodeId == null || nodeId.isBlank() ? UUID.randomUUID().toString() : nodeId;
    }

    /** Defaults with another key prefix and node id, for tests and tools. */
    public static FleetProperties defaults(String keyPrefix, String nodeId) {
        return new FleetProperties(
                true,
                nodeId,
                keyPrefix,
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofMillis(200),
                100_000,
                "staffchat.presence",
                false,
                Duration.ofMinutes(5));
    }

    /** A copy that publishes the presence topic, refreshing viewers every {@code viewerRefresh}, for tests. */
    public FleetProperties withPresenceTopic(Duration viewerRefresh) {
        return new FleetProperties(
                enabled,
                nodeId,
                keyPrefix,
                heartbeatTtl,
                heartbeatInterval,
                reapInterval,
                vacateGrace,
                pollInterval,
                eventStreamMaxLength,
                presenceTopic,
                true,
                viewerRefresh);
    }

    /** A copy with a shorter lease, for tests that kill a node. */
    public FleetProperties withLease(Duration ttl, Duration interval, Duration reap) {
        return new FleetProperties(
                enabled,
                nodeId,
                keyPrefix,
                ttl,
                interval,
                reap,
                vacateGrace,
                pollInterval,
                eventStreamMaxLength,
                presenceTopic,
                publishPresenceTopic,
                viewerRefreshInterval);
    }
}

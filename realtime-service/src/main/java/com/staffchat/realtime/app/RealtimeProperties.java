package com.staffchat.realtime.app;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the realtime server ({@code staffchat.realtime.*}).
 *
 * @param apps apps this server hosts; none by default, the local profile ({@code application-local.yml})
 * declares {@code staffchat} / {@code staffchat-key} / {@code staffchat-secret}
 * @param activityTimeout seconds of silence after which a client should ping, sent to clients in
 * {@code pusher:connection_established}; the server pings a connection silent for this long
 * @param pongTimeout how long the server waits for any frame after its ping before closing with 4201
 * @param maxEventBytes largest event {@code data} accepted by the HTTP API, in UTF-8 bytes (413 beyond)
 * @param maxChannelsPerEvent most channels one HTTP API event may name (400 beyond)
 * @param maxBatchSize most events in one {@code batch_events} request (400 beyond)
 * @param maxRequestBytes largest HTTP API request body read into memory (413 beyond)
 * @param maxPresenceMembers most distinct users in one presence channel, for apps that set no
 * {@code max-presence-members} of their own (Pusher: 100)
 * @param outboundQueueFrames frames queued for one slow connection before it is closed with 4100
 * @param clientEventsPerSecond client events ({@code client-*}) one connection may send a second (4301 beyond)
 * @param apiFailuresPerAddressPerSecond HTTP API requests from one client address a second that may
 * fail authentication (or name no app); beyond it every request from that address gets 429 for a
 * while, before its signature is computed (0 for no bound)
 * @param maxSubscriptionsPerConnection channels one connection may be subscribed to at once; one more
 * {@code pusher:subscribe} is refused with {@code pusher:subscription_error}, the connection stays (0 for no bound)
 * @param maxConnectionsPerAddress open WebSocket connections from one client address on this node;
 * one more is closed with 4100 (0 for no bound)
 * @param channelCreationsPerSecond new public channels (no subscriber anywhere yet) one app may get a
 * second on this node, burst of one second's worth; a subscribe beyond it is refused (0 for no bound)
 */
@ConfigurationProperties("staffchat.realtime")
public record RealtimeProperties(
        @DefaultValue List<AppProperties> apps,
        @DefaultValue("120s") Duration activityTimeout,
        @DefaultValue("30s") Duration pongTimeout,
        @DefaultValue("10240") int maxEventBytes,
        @DefaultValue("100") int maxChannelsPerEvent,
        @DefaultValue("10") int maxBatchSize,
        @DefaultValue("262144") int maxRequestBytes,
        @DefaultValue("100") int maxPresenceMembers,
        @DefaultValue("256") int outboundQueueFrames,
        @DefaultValue("10") int clientEventsPerSecond,
        @DefaultValue("10") int apiFailuresPerAddressPerSecond,
        @DefaultValue("500") int maxSubscriptionsPerConnection,
        @DefaultValue("500") int maxConnectionsPerAddress,
        @DefaultValue("100") int channelCreationsPerSecond) {

    public RealtimeProperties {
        if (apps.isEmpty()) {
            throw new IllegalArgumentException("staffchat.realtime.apps must list at least one app");
        }
        if (activityTimeout.toSeconds() < 1 || pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "staffchat.realtime.activity-timeout must be at least 1s and pong-timeout positive");
        }
        requirePositive(maxEventBytes, "max-event-bytes");
        requirePositive(maxChannelsPerEvent, "max-channels-per-event");
        requirePositive(maxBatchSize, "max-batch-size");
        requirePositive(maxRequestBytes, "max-request-bytes");
        requirePositive(maxPresenceMembers, "max-presence-members");
        requirePositive(outboundQueueFrames, "outbound-queue-frames");
        requirePositive(clientEventsPerSecond, "client-events-per-second");
        requireBound(apiFailuresPerAddressPerSecond, "api-failures-per-address-per-second");
        requireBound(maxSubscriptionsPerConnection, "max-subscriptions-per-connection");
        requireBound(maxConnectionsPerAddress, "max-connections-per-address");
        requireBound(channelCreationsPerSecond, "channel-creations-per-second");
    }

    /** No bound (0) or a positive one. */
    private static void requireBound(int value, String key) {
        if (value < 0) {
            throw new IllegalArgumentException("staffchat.realtime." + key + " must be 0 (no bound) or positive");
        }
    }

    private static void requirePositive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException("staffchat.realtime." + key + " must be positive");
        }
    }

    /**
     * One configured app. The limits are optional: an app without them gets
     * {@code staffchat.realtime.default-limits.*} and {@code client-events-per-second}.
     *
     * @param id app id, used in {@code /apps/{id}/events}
     * @param key public key, used in {@code /app/{key}} and in signatures
     * @param secret shared secret that signs channel authorizations and API requests
     * @param maxConnections open connections allowed on this node (4004 beyond; 0 for no limit)
     * @param apiRequestsPerSecond HTTP API requests a second (429 beyond; 0 for no limit)
     * @param clientEventsPerSecond client events one connection may send a second (4301 beyond)
     * @param signInDeadline close connections that have not signed in ({@code pusher:signin}) this
     * long after connecting, with 4009 ({@code 0s}: off)
     * @param maxPresenceMembers most distinct users on one presence channel of this app (default:
     * {@code staffchat.realtime.max-presence-members}); a hotel of 1,000 staff on one
     * {@code presence-{hotel}-staff} channel needs at least 1000
     */
    public record AppProperties(
            String id,
            String key,
            String secret,
            Integer maxConnections,
            Integer apiRequestsPerSecond,
            Integer clientEventsPerSecond,
            Duration signInDeadline,
            Integer maxPresenceMembers) {

        @ConstructorBinding
        public AppProperties {}

        public AppProperties(String id, String key, String secret) {
            this(id, key, secret, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "AppProperties[id=" + id + ", key=" + key + "]";
        }
    }
}

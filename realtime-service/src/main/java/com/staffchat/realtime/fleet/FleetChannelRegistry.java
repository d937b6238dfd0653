package com.staffchat.realtime.fleet;

import com.staffchat.realtime.protocol.ChannelName;
import com.staffchat.realtime.protocol.ChannelRegistry;
import com.staffchat.realtime.protocol.Connection;
import com.staffchat.realtime.protocol.PresenceMember;
import com.staffchat.realtime.protocol.PusherError;
import com.staffchat.realtime.protocol.SubscriptionRefused;
import com.staffchat.realtime.protocol.TerminatedByApp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The channel registry of a fleet node: the protocol's {@link ChannelRegistry} over
 * {@link FleetNode}, so that subscriptions, presence, users and delivery span every node sharing
 * Redis. The query methods answer from shared state, never by asking the other nodes.
 */
public final class FleetChannelRegistry implements ChannelRegistry {

    private static final String PRESENCE_PREFIX = "presence-";

    private final FleetNode node;

    private final InstantSource clock;

    /** A registry whose presence channels hold at most each app's {@code maxPresenceMembers}. */
    public FleetChannelRegistry(FleetNode node) {
        this(node, InstantSource.system());
    }

    public FleetChannelRegistry(FleetNode node, InstantSource clock) {
        this.node = node;
        this.clock = clock;
    }

    @Override
    public Mono<Subscription> subscribe(Connection connection, ChannelName channel, PresenceMember member) {
        int maxPresenceMembers = connection.app().limits().maxPresenceMembers();
        return node.join(
                        connection.app().id(),
                        channel.value(),
                        new ConnectionSubscriber(connection),
                        member,
                        maxPresenceMembers)
                .map(joined -> {
                    if (joined.refused()) {
                        throw new SubscriptionRefused(
                                channel.value(),
                                403,
                                "Presence channel " + channel.value() + " is full: at most " + maxPresenceMembers
                                        + " members");
                    }
                    return new Subscription(joined.firstForUser(), joined.roster(), (int) joined.subscriptionCount());
                })
                // Shared state out of reach (Redis down): refuse this subscription, keep the connection.
                .onErrorMap(
                        error -> !(error instanceof PusherError),
                        error -> new SubscriptionRefused(
                                channel.value(),
                                503,
                                "Subscription to " + channel.value()
                                        + " failed: shared channel state is unavailable, retry later"));
    }

    @Override
    public Mono<Departure> unsubscribe(Connection connection, ChannelName channel, PresenceMember member) {
        return node.leave(
                        connection.app().id(),
                        channel.value(),
                        connection.socketId(),
                        member == null ? null : member.userId())
                .map(left -> new Departure(left.lastForUser(), (int) left.subscriptionCount()));
    }

    @Override
    public Mono<Void> publish(String appId, String channel, String frame, String exceptSocketId) {
        return node.publish(appId, channel, frame, exceptSocketId);
    }

    @Override
    public Mono<Map<String, ChannelInfo>> channels(String appId, String prefix) {
        return node.state()
                .channels(appId)
                .flatMapMany(counts -> Flux.fromIterable(counts.entrySet()))
                .filter(entry -> prefix == null || entry.getKey().startsWith(prefix))
                .filter(entry -> entry.getValue() > 0)
                .concatMap(entry -> userCount(appId, entry.getKey())
                        .map(users -> Map.entry(
                                entry.getKey(), new ChannelInfo(entry.getValue().intValue(), users))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    @Override
    public Mono<ChannelInfo> channel(String appId, String channel) {
        return node.state()
                .subscriptionCount(appId, channel)
                .zipWith(
                        userCount(appId, channel),
                        (subscriptions, users) -> subscriptions > 0
                                ? new ChannelInfo(subscriptions.intValue(), users)
                                : ChannelInfo.VACANT)
                .defaultIfEmpty(ChannelInfo.VACANT);
    }

    private Mono<Integer> userCount(String appId, String channel) {
        if (!channel.startsWith(PRESENCE_PREFIX)) {
            return Mono.just(0);
        }
        return node.state().userCount(appId, channel).map(Long::intValue).defaultIfEmpty(0);
    }

    @Override
    public Mono<List<String>> presenceUserIds(String appId, String channel) {
        return node.state()
                .roster(appId, channel)
                .map(roster -> roster.stream().map(PresenceMember::userId).toList())
                .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<Void> cacheEvent(String appId, String channel, CachedEvent event) {
        Duration ttl = Duration.between(clock.instant(), event.expiresAt());
        if (ttl.isNegative() || ttl.isZero()) {
            return Mono.empty();
        }
        ObjectNode stored = FleetState.JSON
                .createObjectNode()
                .put("event", event.event())
                .put("data", event.data())
                .put("expiresAt", event.expiresAt().toEpochMilli());
        return node.state().cacheEvent(appId, channel, FleetState.JSON.writeValueAsString(stored), ttl);
    }

    @Override
    public Mono<CachedEvent> cachedEvent(String appId, String channel) {
        return node.state().cachedEvent(appId, channel).flatMap(text -> {
            JsonNode stored = FleetState.JSON.readTree(text);
            Instant expiresAt = Instant.ofEpochMilli(stored.path("expiresAt").asLong());
            if (!expiresAt.isAfter(clock.instant())) {
                return Mono.empty();
            }
            return Mono.just(new CachedEvent(
                    stored.path("event").asString(), stored.path("data").asString(), expiresAt));
        });
    }

    @Override
    public Mono<SignedIn> signIn(Connection connection, String userId, List<String> watchlist) {
        String appId = connection.app().id();
        node.watch(appId, watchlist, new ConnectionSubscriber(connection));
        // Private channels subscribed before the sign-in learn who is on them now.
        Mono<Void> viewing = Flux.fromIterable(connection.channels())
                .concatMap(channel -> node.viewing(appId, channel, connection.socketId(), userId))
                .then();
        return node.signIn(appId, userId, new ConnectionSession(connection, userId))
                .flatMap(connections -> viewing.thenReturn(connections))
                .zipWith(
                        Flux.fromIterable(watchlist)
                                .filterWhen(watched -> node.state()
                                        .userConnections(appId, watched)
                                        .map(n -> n > 0)
                                        .defaultIfEmpty(false))
                                .collect(Collectors.toCollection(java.util.LinkedHashSet::new)),
                        (connections, online) -> new SignedIn(connections == 1, Set.copyOf(online)));
    }

    @Override
    public Mono<SignedOut> signOut(Connection connection, String userId, List<String> watchlist) {
        String appId = connection.app().id();
        node.unwatch(appId, watchlist, connection.socketId());
        return node.signOut(appId, userId, connection.socketId()).map(remaining -> new SignedOut(remaining == 0));
    }

    @Override
    public Mono<Void> publishToWatchers(String appId, String userId, String frame) {
        return node.publishToWatchers(appId, userId, frame);
    }

    @Override
    public Mono<Void> terminateUserConnections(String appId, String userId) {
        return node.terminateUser(appId, userId);
    }

    /** A signed-in user's connections, fleet-wide. */
    public Mono<Long> userConnections(String appId, String userId) {
        return node.state().userConnections(appId, userId);
    }

    private record ConnectionSubscriber(Connection connection) implements Subscriber {

        @Override
        public String socketId() {
            return connection.socketId();
        }

        @Override
        public void deliver(String frame) {
            connection.send(frame);
        }

        @Override
        public String userId() {
            return connection.userId();
        }
    }

    private record ConnectionSession(Connection connection, String userId) implements UserSession {

        @Override
        public String socketId() {
            return connection.socketId();
        }

        @Override
        public void terminate() {
            connection.fail(new TerminatedByApp(userId));
        }
    }
}

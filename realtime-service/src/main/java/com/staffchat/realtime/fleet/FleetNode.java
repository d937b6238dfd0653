package com.staffchat.realtime.fleet;

import com.staffchat.realtime.protocol.Frames;
import com.staffchat.realtime.protocol.PresenceMember;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One node of the fleet: shared state ({@link FleetState}), delivery to this node's connections,
 * and the bus that carries frames and terminations to the other nodes. While running it renews
 * its lease, reaps nodes whose lease expired (telling presence channels about users who left with
 * them) and records due vacate/remove events.
 *
 * <p>
 * Stopping removes this node's remaining connections from shared state and gives up the lease.
 * {@link #halt()} stops without any of that, as a crash would.
 */
public final class FleetNode implements SmartLifecycle {

    /** Stops after the web server (whose connections leave normally) and before Redis. */
    public static final int PHASE = 100;

    private static final Logger log = LoggerFactory.getLogger(FleetNode.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveStringRedisTemplate redis;

    private final FleetProperties properties;

    private final FleetKeys keys;

    private final FleetState state;

    private final Map<String, Map<String, LocalSubscription>> subscribers = new ConcurrentHashMap<>();

    private final Map<String, Map<String, UserSession>> users = new ConcurrentHashMap<>();

    /** Signed-in connections of this node by the user id on their watchlist. */
    private final Map<String, Map<String, Subscriber>> watchers = new ConcurrentHashMap<>();

    private final Disposable.Composite running = Disposables.composite();

    private volatile boolean started;

    private volatile boolean halted;

    public FleetNode(ReactiveStringRedisTemplate redis, FleetProperties properties, SubscriptionCountPolicy policy) {
        this.redis = redis;
        this.properties = properties;
        this.keys = new FleetKeys(properties.keyPrefix());
        this.state = new FleetState(redis, properties, properties.resolvedNodeId(), policy::recordsSubscriptionCount);
    }

    public String nodeId() {
        return state.nodeId();
    }

    /** Shared state, for queries (channels, counts, rosters, users). */
    public FleetState state() {
        return state;
    }

    /**
     * Subscribes a connection of this node to a channel. {@code member} is the presence member,
     * null for other channels. A refused join (full presence channel) changes nothing.
     */
    public Mono<Joined> join(
            String appId, String channel, Subscriber subscriber, PresenceMember member, int maxMembers) {
        if (halted) {
            return Mono.error(new IllegalStateException("Fleet node " + nodeId() + " is halted"));
        }
        Map<String, LocalSubscription> local =
                subscribers.computeIfAbsent(channelKey(appId, channel), key -> new ConcurrentHashMap<>());
        local.put(subscriber.socketId(), new LocalSubscription(appId, channel, subscriber, member, maxMembers));
        return state.join(appId, channel, subscriber.socketId(), member, maxMembers, subscriber.userId())
                .doOnNext(joined -> {
                    if (joined.refused()) {
                        removeLocal(appId, channel, subscriber.socketId());
                    }
                })
                .doOnError(error -> removeLocal(appId, channel, subscriber.socketId()));
    }

    /** Unsubscribes a connection of this node; {@code userId} is its presence user, null otherwise. */
    public Mono<Left> leave(String appId, String channel, String socketId, String userId) {
        LocalSubscription local = removeLocal(appId, channel, socketId);
        if (halted) {
            return Mono.just(Left.NOTHING);
        }
        String viewer = local == null ? null : local.subscriber().userId();
        return state.leave(appId, channel, socketId, userId, viewer);
    }

    /**
     * Announces that a connection of this node, which signed in as {@code userId} after it
     * subscribed, is on {@code channel} ({@code subscription_added} on the presence topic, for
     * private channels).
     */
    public Mono<Void> viewing(String appId, String channel, String socketId, String userId) {
        return halted
                ? Mono.empty()
                : state.viewing(appId, channel, socketId, userId).then();
    }

    /** Sends a frame to every subscriber of the channel on every node, except {@code exceptSocketId}. */
    public Mono<Void> publish(String appId, String channel, String frame, String exceptSocketId) {
        if (halted) {
            return Mono.empty();
        }
        deliverLocally(appId, channel, frame, exceptSocketId);
        ObjectNode message = FleetState.JSON.createObjectNode();
        message.put("o", nodeId())
                .put("k", "event")
                .put("a", appId)
                .put("c", channel)
                .put("f", frame);
        if (exceptSocketId != null) {
            message.put("x", exceptSocketId);
        }
        return redis.convertAndSend(keys.bus(appId), FleetState.JSON.writeValueAsString(message))
                .then();
    }

    /** Records a signed-in user's connection on this node. */
    public Mono<Long> signIn(String appId, String userId, UserSession session) {
        if (halted) {
            return Mono.error(new IllegalStateException("Fleet node " + nodeId() + " is halted"));
        }
        users.computeIfAbsent(userKey(appId, userId), key -> new ConcurrentHashMap<>())
                .put(session.socketId(), session);
        return state.signIn(appId, userId, session.socketId());
    }

    /** Forgets a signed-in user's connection on this node. */
    public Mono<Long> signOut(String appId, String userId, String socketId) {
        users.computeIfPresent(userKey(appId, userId), (key, sessions) -> {
            sessions.remove(socketId);
            return sessions.isEmpty() ? null : sessions;
        });
        return halted ? Mono.just(0L) : state.signOut(appId, userId, socketId);
    }

    /** Registers a signed-in connection of this node as watching {@code watchedUserIds} (watchlist events). */
    public void watch(String appId, Iterable<String> watchedUserIds, Subscriber watcher) {
        for (String watched : watchedUserIds) {
            watchers.computeIfAbsent(userKey(appId, watched), key -> new ConcurrentHashMap<>())
                    .put(watcher.socketId(), watcher);
        }
    }

    /** Forgets a connection's watchlist. */
    public void unwatch(String appId, Iterable<String> watchedUserIds, String socketId) {
        for (String watched : watchedUserIds) {
            watchers.computeIfPresent(userKey(appId, watched), (key, local) -> {
                local.remove(socketId);
                return local.isEmpty() ? null : local;
            });
        }
    }

    /** Sends a frame to every connection, on every node, whose watchlist holds {@code userId}. */
    public Mono<Void> publishToWatchers(String appId, String userId, String frame) {
        if (halted) {
            return Mono.empty();
        }
        deliverToWatchersLocally(appId, userId, frame);
        ObjectNode message = FleetState.JSON.createObjectNode();
        message.put("o", nodeId())
                .put("k", "watch")
                .put("a", appId)
                .put("u", userId)
                .put("f", frame);
        return redis.convertAndSend(keys.bus(appId), FleetState.JSON.writeValueAsString(message))
                .then();
    }

    private void deliverToWatchersLocally(String appId, String userId, String frame) {
        Map<String, Subscriber> local = watchers.get(userKey(appId, userId));
        if (local != null) {
            local.values().forEach(watcher -> watcher.deliver(frame));
        }
    }

    /** Closes every connection of a signed-in user, on every node. */
    public Mono<Void> terminateUser(String appId, String userId) {
        terminateLocally(appId, userId);
        ObjectNode message = FleetState.JSON.createObjectNode();
        message.put("o", nodeId()).put("k", "terminate").put("a", appId).put("u", userId);
        return redis.convertAndSend(keys.bus(appId), FleetState.JSON.writeValueAsString(message))
                .then();
    }

    /** Reaps nodes whose lease expired (one reaper at a time fleet-wide); answers what was removed. */
    public Mono<List<ReapedSubscription>> reapDeadNodes() {
        return announce(state.reapDeadNodes(properties.heartbeatTtl()))
                .collectList()
                .doOnNext(departures -> {
                    if (!departures.isEmpty()) {
                        log.info("Fleet node {} reaped {} subscriptions of dead nodes", nodeId(), departures.size());
                    }
                });
    }

    @Override
    public void start() {
        Flux<? extends ReactiveSubscription.Message<String, String>> bus =
                redis.listenToLater(new PatternTopic(keys.busPattern())).block(START_TIMEOUT);
        running.add(busMessages(bus).subscribe(this::onBusMessage));
        state.heartbeat().block(START_TIMEOUT);
        running.add(every(properties.heartbeatInterval(), this::renewLease, "lease renewal"));
        running.add(every(properties.reapInterval(), () -> reapDeadNodes().then(), "reaping"));
        running.add(every(Duration.ofMillis(250), () -> state.recordDueEvents().then(), "grace promotion"));
        if (properties.publishPresenceTopic()) {
            running.add(every(properties.viewerRefreshInterval(), this::refreshViewers, "viewer refresh"));
        }
        started = true;
        log.info("Fleet node {} started (key prefix {})", nodeId(), properties.keyPrefix());
    }

    @Override
    public void stop() {
        if (!started) {
            return;
        }
        started = false;
        running.dispose();
        if (halted) {
            return;
        }
        // Connections still here leave as if they had unsubscribed; then the lease is given up.
        try {
            announce(state.reap(state.lease())).then(state.retire()).block(STOP_TIMEOUT);
        } catch (RuntimeException ex) {
            log.warn(
                    "Fleet node {} could not clean up its state ({}); the other nodes reap it when its lease expires",
                    nodeId(),
                    ex.toString());
        }
        subscribers.clear();
        users.clear();
        watchers.clear();
        log.info("Fleet node {} stopped", nodeId());
    }

    /**
     * Stops like a crash: no more lease renewals, bus deliveries or shared-state writes, and nothing
     * cleaned up. Surviving nodes reap this node's connections once its lease expires.
     */
    public void halt() {
        halted = true;
        running.dispose();
        started = false;
        log.warn("Fleet node {} halted without cleanup", nodeId());
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Renews the lease. If it had expired (a pause longer than the lease, Redis restarted or
     * failed over), other nodes may have reaped this node's connections: take a new lease and
     * register every local connection again, telling presence channels about users who come back.
     */
    private Mono<Void> renewLease() {
        return state.heartbeat()
                .flatMap(held -> held
                        ? Mono.<Void>empty()
                        : Mono.defer(() -> {
                            String lease = state.renewLeaseEpoch();
                            log.warn(
                                    "Fleet node {} lost its lease; registering its connections again under {}",
                                    nodeId(),
                                    lease);
                            return state.heartbeat().then(registerAgain());
                        }));
    }

    /**
     * Records {@code subscription_added} again for every signed-in connection of this node on a
     * private channel, so that consumers can expire subscriptions whose removal never reached them.
     */
    private Mono<Void> refreshViewers() {
        return Flux.fromIterable(subscribers.values())
                .flatMapIterable(Map::values)
                .filter(local -> local.subscriber().userId() != null)
                .concatMap(local -> state.viewing(
                        local.appId(),
                        local.channel(),
                        local.subscriber().socketId(),
                        local.subscriber().userId()))
                .then();
    }

    private Mono<Void> registerAgain() {
        Flux<Void> channels = Flux.fromIterable(subscribers.values())
                .flatMapIterable(Map::values)
                .concatMap(local -> state.join(
                                local.appId(),
                                local.channel(),
                                local.subscriber().socketId(),
                                local.member(),
                                local.maxMembers(),
                                local.subscriber().userId())
                        .flatMap(joined -> {
                            if (joined.refused()) {
                                log.warn(
                                        "Fleet node {}: {} could not rejoin full channel {}",
                                        nodeId(),
                                        local.subscriber().socketId(),
                                        local.channel());
                                return Mono.empty();
                            }
                            return joined.firstForUser()
                                    ? publish(
                                            local.appId(),
                                            local.channel(),
                                            Frames.memberAdded(local.channel(), local.member()),
                                            local.subscriber().socketId())
                                    : Mono.empty();
                        }));
        Flux<Long> sessions = Flux.fromIterable(users.entrySet()).concatMap(entry -> {
            String[] appAndUser = entry.getKey().split("\n", 2);
            return Flux.fromIterable(entry.getValue().keySet())
                    .concatMap(socketId -> state.signIn(appAndUser[0], appAndUser[1], socketId));
        });
        return channels.thenMany(sessions).then();
    }

    private Flux<ReapedSubscription> announce(Flux<ReapedSubscription> departures) {
        return departures.concatMap(departure -> departure.left().lastForUser()
                ? publish(
                                departure.appId(),
                                departure.channel(),
                                Frames.memberRemoved(departure.channel(), departure.userId()),
                                null)
                        .thenReturn(departure)
                : Mono.just(departure));
    }

    /**
     * The bus, subscribed again after a failure. (Lettuce resubscribes by itself after a reconnect;
     * this covers a subscription that ends anyway. Pub/sub messages sent meanwhile are lost.)
     */
    private Flux<String> busMessages(Flux<? extends ReactiveSubscription.Message<String, String>> subscription) {
        return subscription
                .<String>map(ReactiveSubscription.Message::getMessage)
                .concatWith(Flux.error(() -> new IllegalStateException("the subscription ended")))
                .onErrorResume(error -> {
                    log.warn(
                            "Fleet bus subscription of node {} failed ({}); subscribing again",
                            nodeId(),
                            error.toString());
                    return Mono.delay(Duration.ofSeconds(1))
                            .flatMapMany(retry -> busMessages(redis.listenTo(new PatternTopic(keys.busPattern()))));
                });
    }

    private void onBusMessage(String text) {
        try {
            JsonNode message = FleetState.JSON.readTree(text);
            if (nodeId().equals(message.path("o").asString()) || halted) {
                return;
            }
            String appId = message.path("a").asString();
            switch (message.path("k").asString()) {
                case "event" ->
                    deliverLocally(
                            appId,
                            message.path("c").asString(),
                            message.path("f").asString(),
                            message.path("x").isString() ? message.path("x").asString() : null);
                case "terminate" -> terminateLocally(appId, message.path("u").asString());
                case "watch" ->
                    deliverToWatchersLocally(
                            appId,
                            message.path("u").asString(),
                            message.path("f").asString());
                default -> log.warn("Unknown fleet bus message kind in {}", text);
            }
        } catch (RuntimeException ex) {
            log.warn("Unreadable fleet bus message", ex);
        }
    }

    private void deliverLocally(String appId, String channel, String frame, String exceptSocketId) {
        Map<String, LocalSubscription> local = subscribers.get(channelKey(appId, channel));
        if (local == null) {
            return;
        }
        for (LocalSubscription subscription : local.values()) {
            if (!subscription.subscriber().socketId().equals(exceptSocketId)) {
                subscription.subscriber().deliver(frame);
            }
        }
    }

    private void terminateLocally(String appId, String userId) {
        Map<String, UserSession> sessions = users.get(userKey(appId, userId));
        if (sessions != null) {
            sessions.values().forEach(UserSession::terminate);
        }
    }

    private LocalSubscription removeLocal(String appId, String channel, String socketId) {
        LocalSubscription[] removed = new LocalSubscription[1];
        subscribers.computeIfPresent(channelKey(appId, channel), (key, local) -> {
            removed[0] = local.remove(socketId);
            return local.isEmpty() ? null : local;
        });
        return removed[0];
    }

    private Disposable every(Duration period, Supplier<Mono<Void>> task, String what) {
        return Flux.interval(period, period, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(
                        tick -> task.get()
                                .doOnSubscribe(s -> log.trace("Fleet node {}: {}", nodeId(), what))
                                .onErrorResume(error -> {
                                    log.warn("Fleet node {}: {} failed: {}", nodeId(), what, error.toString());
                                    return Mono.empty();
                                }),
                        1)
                .subscribe();
    }

    private static String channelKey(String appId, String channel) {
        return appId + '\n' + channel;
    }

    private static String userKey(String appId, String userId) {
        return appId + '\n' + userId;
    }

    /** A subscription of a connection on this node, with what it takes to register it again. */
    private record LocalSubscription(
            String appId, String channel, Subscriber subscriber, PresenceMember member, int maxMembers) {}
}

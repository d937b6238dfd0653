package com.staffchat.realtime.fleet;

import com.staffchat.realtime.protocol.ChannelKind;
import com.staffchat.realtime.protocol.PresenceMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The fleet's shared state in Redis: who is subscribed where (on which node), presence rosters,
 * signed-in users' connections, node leases. Every change that decides a first or last connection
 * runs as one Lua script, so two nodes never both see "first"; queries read the shared state
 * directly instead of asking every node.
 */
public final class FleetState {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReactiveStringRedisTemplate redis;

    private final FleetKeys keys;

    private final FleetProperties properties;

    private final String nodeId;

    private final AtomicInteger epoch = new AtomicInteger(1);

    private volatile String lease;

    private final Predicate<String> recordsSubscriptionCount;

    /**
     * @param recordsSubscriptionCount which apps want {@code subscription_count} events recorded
     */
    public FleetState(
            ReactiveStringRedisTemplate redis,
            FleetProperties properties,
            String nodeId,
            Predicate<String> recordsSubscriptionCount) {
        this.redis = redis;
        this.keys = new FleetKeys(properties.keyPrefix());
        this.properties = properties;
        this.nodeId = nodeId;
        this.lease = nodeId + "." + epoch.get();
        this.recordsSubscriptionCount = recordsSubscriptionCount;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * The id under which this node's connections are registered: the node id and an epoch. It
     * changes when the node finds its lease expired (it may have been reaped meanwhile), so that a
     * reaper still working on the old lease cannot remove what the node registers again.
     */
    public String lease() {
        return lease;
    }

    /** Starts a new lease epoch; the caller registers its connections again under it. */
    String renewLeaseEpoch() {
        lease = nodeId + "." + epoch.incrementAndGet();
        return lease;
    }

    /** Adds a socket of this node to a channel; {@code member} is null unless it is a presence channel. */
    public Mono<Joined> join(String appId, String channel, String socketId, PresenceMember member, int maxMembers) {
        return join(appId, channel, socketId, member, maxMembers, null);
    }

    /**
     * Adds a socket of this node to a channel. {@code viewer} is the user the connection signed in
     * as (null if it did not): on a private channel, with the presence topic on, the join records
     * {@code subscription_added} for it.
     */
    public Mono<Joined> join(
            String appId, String channel, String socketId, PresenceMember member, int maxMembers, String viewer) {
        String userId = member == null ? "" : member.userId();
        String userInfo =
                member == null || member.userInfo() == null ? "null" : JSON.writeValueAsString(member.userInfo());
        String owner = lease;
        return redis.execute(
                        FleetScripts.JOIN,
                        channelKeys(appId, channel, owner),
                        List.of(
                                appId,
                                channel,
                                socketId,
                                owner,
                                entry(appId, channel, socketId, userId),
                                String.valueOf(properties.eventStreamMaxLength()),
                                countFlag(appId, member),
                                userId,
                                userInfo,
                                String.valueOf(maxMembers),
                                viewerArgument(channel, viewer)))
                .single()
                .map(FleetState::joined);
    }

    /** Removes a socket of this node from a channel. */
    public Mono<Left> leave(String appId, String channel, String socketId, String userId) {
        return leave(appId, channel, socketId, userId, null);
    }

    /**
     * Removes a socket of this node from a channel; {@code viewer} as in {@link #join(String, String,
     * String, PresenceMember, int, String) join}: the removal records {@code subscription_removed}.
     */
    public Mono<Left> leave(String appId, String channel, String socketId, String userId, String viewer) {
        return leave(appId, channel, socketId, userId, viewer, lease, false);
    }

    /**
     * Records {@code subscription_added} again for a signed-in socket of this node on a private
     * channel, if it is still subscribed there (after a late sign-in, and as a refresh). Answers
     * whether it was recorded; nothing is when the presence topic is off.
     */
    public Mono<Boolean> viewing(String appId, String channel, String socketId, String viewer) {
        String user = viewerArgument(channel, viewer);
        if (user.isEmpty()) {
            return Mono.just(false);
        }
        return redis.execute(
                        FleetScripts.VIEWING,
                        List.of(keys.sockets(appId, channel), keys.events()),
                        List.of(
                                appId,
                                channel,
                                socketId,
                                lease,
                                user,
                                String.valueOf(properties.eventStreamMaxLength())))
                .single()
                .map(recorded -> recorded == 1L);
    }

    private Mono<Left> leave(
            String appId,
            String channel,
            String socketId,
            String userId,
            String viewer,
            String ofNode,
            boolean onlyIfOwned) {
        String user = userId == null ? "" : userId;
        return redis.execute(
                        FleetScripts.LEAVE,
                        channelKeys(appId, channel, ofNode),
                        List.of(
                                appId,
                                channel,
                                socketId,
                                ofNode,
                                entry(appId, channel, socketId, user),
                                String.valueOf(properties.eventStreamMaxLength()),
                                user.isEmpty() ? countFlag(appId, null) : "0",
                                user,
                                "",
                                String.valueOf(properties.vacateGrace().toMillis()),
                                onlyIfOwned ? "1" : "0",
                                viewerArgument(channel, viewer)))
                .single()
                .map(FleetState::left);
    }

    /** Records a signed-in user's connection on this node; answers the user's connections fleet-wide. */
    public Mono<Long> signIn(String appId, String userId, String socketId) {
        return signInOrOut(appId, userId, socketId, lease, "1");
    }

    /** Forgets a signed-in user's connection; answers the user's remaining connections fleet-wide. */
    public Mono<Long> signOut(String appId, String userId, String socketId) {
        return signInOrOut(appId, userId, socketId, lease, "0");
    }

    private Mono<Long> signInOrOut(String appId, String userId, String socketId, String ofNode, String mode) {
        return redis.execute(
                        FleetScripts.SIGN_IN,
                        List.of(keys.userSockets(appId, userId), keys.users(appId), keys.nodeUsers(ofNode)),
                        List.of(userId, socketId, ofNode, entry(appId, "", socketId, userId), mode))
                .single();
    }

    // Queries: answered from shared state.

    /** The app's occupied channels with their subscription counts. */
    public Mono<Map<String, Long>> channels(String appId) {
        return redis.<String, String>opsForHash()
                .entries(keys.channels(appId))
                .collectMap(Map.Entry::getKey, entry -> Long.parseLong(entry.getValue()));
    }

    /** Connections subscribed to a channel, fleet-wide. */
    public Mono<Long> subscriptionCount(String appId, String channel) {
        return redis.opsForHash().size(keys.sockets(appId, channel));
    }

    /** Distinct users on a presence channel. */
    public Mono<Long> userCount(String appId, String channel) {
        return redis.opsForZSet().size(keys.presenceUsers(appId, channel));
    }

    /** The presence roster in joining order. */
    public Mono<List<PresenceMember>> roster(String appId, String channel) {
        return redis.opsForZSet()
                .range(keys.presenceUsers(appId, channel), Range.unbounded())
                .collectList()
                .flatMap(ids -> ids.isEmpty()
                        ? Mono.just(List.<PresenceMember>of())
                        : redis.<String, String>opsForHash()
                                .multiGet(keys.presenceInfo(appId, channel), ids)
                                .map(infos -> {
                                    List<PresenceMember> members = new ArrayList<>(ids.size());
                                    for (int i = 0; i < ids.size(); i++) {
                                        members.add(member(ids.get(i), infos.get(i)));
                                    }
                                    return members;
                                }));
    }

    /** A signed-in user's connections, fleet-wide. */
    public Mono<Long> userConnections(String appId, String userId) {
        return redis.opsForHash().size(keys.userSockets(appId, userId));
    }

    /** The app's signed-in users with their connection counts. */
    public Mono<Map<String, Long>> signedInUsers(String appId) {
        return redis.<String, String>opsForHash()
                .entries(keys.users(appId))
                .collectMap(Map.Entry::getKey, entry -> Long.parseLong(entry.getValue()));
    }

    /** Keeps the last event of a cache channel for every node, for {@code ttl} (Pusher: up to 30 minutes). */
    public Mono<Void> cacheEvent(String appId, String channel, String frame, Duration ttl) {
        return redis.opsForValue()
                .set(keys.cachedEvent(appId, channel), frame, ttl)
                .then();
    }

    /** The last event of a cache channel, empty when none is cached (a cache miss). */
    public Mono<String> cachedEvent(String appId, String channel) {
        return redis.opsForValue().get(keys.cachedEvent(appId, channel));
    }

    /** How long the cached event of a cache channel lives on, empty when none is cached. */
    public Mono<Duration> cachedEventTtl(String appId, String channel) {
        return redis.getExpire(keys.cachedEvent(appId, channel)).filter(ttl -> !ttl.isNegative() && !ttl.isZero());
    }

    // Node leases and crash cleanup.

    /** Takes or renews this node's lease; answers whether it was still held. */
    public Mono<Boolean> heartbeat() {
        String owner = lease;
        return redis.execute(
                        FleetScripts.HEARTBEAT,
                        List.of(keys.heartbeat(owner), keys.nodes()),
                        List.of(
                                owner,
                                String.valueOf(properties.heartbeatTtl().toMillis()),
                                String.valueOf(System.currentTimeMillis())))
                .single()
                .map(held -> held == 1L);
    }

    /** Gives up this node's lease (after its connections have been removed). */
    public Mono<Void> retire() {
        String owner = lease;
        return redis.delete(keys.heartbeat(owner), keys.nodeSubscriptions(owner), keys.nodeUsers(owner))
                .then(redis.opsForSet().remove(keys.nodes(), owner))
                .then();
    }

    /**
     * Under the reaper lock (one node at a time), removes every connection of every node whose
     * lease has expired. Each removal is atomic and idempotent, so a user's last connection is
     * reported exactly once even if two reapers overlap.
     */
    public Flux<ReapedSubscription> reapDeadNodes(Duration lockFor) {
        String owner = lease;
        return redis.opsForValue()
                .setIfAbsent(keys.reaperLock(), owner, lockFor)
                .filter(Boolean::booleanValue)
                .flatMapMany(locked -> redis.opsForSet()
                        .members(keys.nodes())
                        .filter(node -> !node.equals(owner))
                        .concatMap(node -> redis.hasKey(keys.heartbeat(node))
                                .filter(alive -> !alive)
                                .flatMapMany(dead -> reap(node)))
                        .concatWith(redis.execute(FleetScripts.RELEASE, List.of(keys.reaperLock()), List.of(owner))
                                .then(Mono.empty())));
    }

    /**
     * Removes every connection a node (lease) recorded, then the node itself. Connections the node
     * registered again under a newer lease are left alone.
     */
    public Flux<ReapedSubscription> reap(String node) {
        // The node's signed-in connections (app and socket id -> user), read before they are
        // removed below, so that the removal of a signed-in socket from a private channel records
        // subscription_removed as a normal unsubscribe would.
        Mono<Map<String, String>> signedIn = redis.opsForSet()
                .members(keys.nodeUsers(node))
                .map(JSON::readTree)
                .collectMap(
                        parts -> parts.get(0).asString() + '\n' + parts.get(2).asString(),
                        parts -> parts.get(3).asString());
        Flux<ReapedSubscription> subscriptions = signedIn.flatMapMany(viewers -> redis.opsForSet()
                .members(keys.nodeSubscriptions(node))
                .concatMap(entry -> {
                    JsonNode parts = JSON.readTree(entry);
                    String appId = parts.get(0).asString();
                    String channel = parts.get(1).asString();
                    String socketId = parts.get(2).asString();
                    String userId = parts.get(3).asString();
                    String viewer = viewers.get(appId + '\n' + socketId);
                    return leave(appId, channel, socketId, userId, viewer, node, true)
                            .map(left -> new ReapedSubscription(
                                    appId, channel, socketId, userId.isEmpty() ? null : userId, left));
                }));
        Mono<Void> users = redis.opsForSet()
                .members(keys.nodeUsers(node))
                .concatMap(entry -> {
                    JsonNode parts = JSON.readTree(entry);
                    return signInOrOut(
                            parts.get(0).asString(),
                            parts.get(3).asString(),
                            parts.get(2).asString(),
                            node,
                            "reap");
                })
                .then();
        return subscriptions.concatWith(
                users.then(redis.delete(keys.heartbeat(node), keys.nodeSubscriptions(node), keys.nodeUsers(node)))
                        .then(redis.opsForSet().remove(keys.nodes(), node))
                        .then(Mono.empty()));
    }

    /** Records channel_vacated / member_removed events whose grace period has passed. */
    public Mono<Long> recordDueEvents() {
        return redis.execute(
                        FleetScripts.PROMOTE,
                        List.of(keys.grace(), keys.events()),
                        List.of(String.valueOf(properties.eventStreamMaxLength()), "500"))
                .single();
    }

    private List<String> channelKeys(String appId, String channel, String ofNode) {
        return List.of(
                keys.sockets(appId, channel),
                keys.channels(appId),
                keys.nodeSubscriptions(ofNode),
                keys.presenceUsers(appId, channel),
                keys.presenceInfo(appId, channel),
                keys.presenceConnections(appId, channel),
                keys.grace(),
                keys.events());
    }

    /**
     * The user for whom a join or leave records subscription_added / subscription_removed: the
     * signed-in user on a private channel, with the presence topic on; otherwise none ("").
     */
    private String viewerArgument(String channel, String viewer) {
        return viewer != null
                        && properties.publishPresenceTopic()
                        && ChannelKind.of(channel).announcesSubscribers()
                ? viewer
                : "";
    }

    private String countFlag(String appId, PresenceMember member) {
        // Pusher sends subscription_count for every channel kind except presence.
        return member == null && recordsSubscriptionCount.test(appId) ? "1" : "0";
    }

    private static String entry(String appId, String channel, String socketId, String userId) {
        ArrayNode entry = JSON.createArrayNode();
        entry.add(appId).add(channel).add(socketId).add(userId);
        return JSON.writeValueAsString(entry);
    }

    private static Joined joined(String json) {
        JsonNode answer = JSON.readTree(json);
        if (answer.path("refused").asBoolean()) {
            return new Joined(true, false, false, 0, List.of());
        }
        List<PresenceMember> roster = new ArrayList<>();
        JsonNode members = answer.path("roster");
        if (members.isArray()) {
            for (JsonNode member : members) {
                roster.add(member(member.get(0).asString(), member.get(1).asString()));
            }
        }
        return new Joined(
                false,
                answer.path("occupied").asBoolean(),
                answer.path("first").asBoolean(),
                answer.path("count").asLong(),
                List.copyOf(roster));
    }

    private static Left left(String json) {
        JsonNode answer = JSON.readTree(json);
        return new Left(
                answer.path("removed").asBoolean(),
                answer.path("vacated").asBoolean(),
                answer.path("last").asBoolean(),
                answer.path("count").asLong());
    }

    private static PresenceMember member(String userId, String userInfo) {
        JsonNode info = userInfo == null ? null : JSON.readTree(userInfo);
        return new PresenceMember(userId, info == null || info.isNull() ? null : info);
    }
}

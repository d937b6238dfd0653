package com.staffchat.realtime.protocol;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.protocol.Connection.Membership;
import com.staffchat.realtime.protocol.Connection.SignedInUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The protocol's entry points for a transport: open a connection, handle each frame the client
 * sends (every {@code pusher:} event is dispatched by the one {@code switch} in
 * {@link #onMessage}), and clean up when the connection ends.
 */
public final class PusherEventHandler {

    static final int MAX_EVENT_NAME_LENGTH = 200;

    static final int MAX_USER_ID_LENGTH = 128;

    static final int MAX_USER_INFO_BYTES = 1024;

    private final AppDirectory apps;

    private final ChannelRegistry registry;

    private final long activityTimeoutSeconds;

    private final int maxEventBytes;

    /** A library version such as {@code 8.6.0} or {@code 2.4.4-beta.1}. */
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,3}([-+][0-9A-Za-z.\\-]+)?");

    private final InstantSource clock;

    private final int maxWatchlistSize;

    private final SubscriptionCounts subscriptionCounts;

    private final ChannelEventListener channelEvents;

    private final int maxSubscriptionsPerConnection;

    private final ChannelCreations channelCreations;

    public PusherEventHandler(
            AppDirectory apps, ChannelRegistry registry, RealtimeProperties properties, InstantSource clock) {
        this(apps, registry, properties, ProtocolProperties.DEFAULTS, clock, ChannelEventListener.NONE);
    }

    public PusherEventHandler(
            AppDirectory apps,
            ChannelRegistry registry,
            RealtimeProperties properties,
            ProtocolProperties protocol,
            InstantSource clock) {
        this(apps, registry, properties, protocol, clock, ChannelEventListener.NONE);
    }

    public PusherEventHandler(
            AppDirectory apps,
            ChannelRegistry registry,
            RealtimeProperties properties,
            ProtocolProperties protocol,
            InstantSource clock,
            ChannelEventListener channelEvents) {
        this.channelEvents = channelEvents;
        this.apps = apps;
        this.registry = registry;
        this.activityTimeoutSeconds = properties.activityTimeout().toSeconds();
        this.maxEventBytes = properties.maxEventBytes();
        this.clock = clock;
        this.maxWatchlistSize = protocol.maxWatchlistSize();
        this.maxSubscriptionsPerConnection = properties.maxSubscriptionsPerConnection();
        this.channelCreations = new ChannelCreations(properties.channelCreationsPerSecond());
        this.subscriptionCounts = new SubscriptionCounts(
                registry,
                protocol.subscriptionCountThrottleAbove(),
                protocol.subscriptionCountInterval(),
                Schedulers.parallel());
    }

    /**
     * Accepts a new connection to {@code /app/{key}?protocol=..}, sending
     * {@code pusher:connection_established}; throws a {@link PusherError} (4001, 4007, 4008) otherwise.
     */
    public Connection open(String appKey, String protocol, Outbound outbound) {
        return open(appKey, protocol, null, outbound);
    }

    /**
     * Accepts a new connection to {@code /app/{key}?protocol=..&version=..}, sending
     * {@code pusher:connection_established}; throws a {@link PusherError} otherwise: 4005 for a path
     * that is not {@code /app/{key}}, 4001 for an unknown key, 4008 and 4007 for a missing or
     * unsupported protocol, 4006 for a {@code version} that is not a version string.
     */
    public Connection open(String appKey, String protocol, String clientVersion, Outbound outbound) {
        if (appKey == null || appKey.isEmpty() || appKey.contains("/")) {
            throw new PathNotFound("/app/" + (appKey == null ? "" : appKey));
        }
        App app = apps.byKey(appKey).orElseThrow(() -> new ApplicationDoesNotExist(appKey));
        ProtocolVersion.check(protocol);
        if (clientVersion != null && !VERSION.matcher(clientVersion).matches()) {
            throw new InvalidVersionString(clientVersion);
        }
        Connection connection =
                new Connection(SocketIds.next(), app, outbound, app.limits().clientEventsPerSecond());
        connection.send(Frames.connectionEstablished(connection.socketId(), activityTimeoutSeconds));
        return connection;
    }

    /**
     * Pusher's "authorized connections": when the connection's app has a sign-in deadline, completes
     * after it, closing the connection with 4009 ({@link SignInRequired}) unless it signed in by then.
     * Empty when the app has none. The transport subscribes to it and disposes of it when the
     * connection ends.
     */
    public Mono<Void> signInDeadline(Connection connection) {
        Duration deadline = connection.app().limits().signInDeadline();
        if (deadline.isZero()) {
            return Mono.empty();
        }
        return Mono.delay(deadline)
                .doOnNext(elapsed -> {
                    if (connection.userId() == null) {
                        connection.fail(new SignInRequired(deadline));
                    }
                })
                .then();
    }

    /** Handles one text frame from the client. Protocol errors are reported to the client, never thrown. */
    public Mono<Void> onMessage(Connection connection, String text) {
        return Mono.defer(() -> {
                    InboundMessage message = Frames.parse(text);
                    return switch (message.event()) {
                        case "pusher:ping" -> Mono.fromRunnable(() -> connection.send(Frames.pong()));
                        case "pusher:pong" -> Mono.<Void>empty();
                        case "pusher:subscribe" -> subscribe(connection, message);
                        case "pusher:unsubscribe" -> unsubscribe(connection, message.dataField("channel"));
                        case "pusher:signin" -> signin(connection, message);
                        default ->
                            message.event().startsWith("client-")
                                    ? clientEvent(connection, message)
                                    : Mono.<Void>error(new InvalidMessage(
                                            "Unsupported event received on socket: " + message.event()));
                    };
                })
                .onErrorResume(PusherError.class, error -> {
                    connection.fail(error);
                    return Mono.empty();
                });
    }

    /**
     * Leaves every channel the connection joined, telling presence channels about users who left,
     * and signs it out, telling watchers when the user went offline.
     */
    public Mono<Void> onClose(Connection connection) {
        return Flux.fromIterable(connection.channels())
                .concatMap(channel -> unsubscribe(connection, channel))
                .then(Mono.defer(() -> signOut(connection)));
    }

    private Mono<Void> signOut(Connection connection) {
        SignedInUser user = connection.user();
        if (user == null) {
            return Mono.empty();
        }
        String appId = connection.app().id();
        return registry.signOut(connection, user.userId(), user.watchlist())
                .flatMap(out -> out.lastForUser()
                        ? registry.publishToWatchers(
                                appId, user.userId(), Frames.watchlistEvents(List.of(), List.of(user.userId())))
                        : Mono.empty());
    }

    /**
     * {@code pusher:signin}: checks the user authentication signature, answers
     * {@code pusher:signin_success}, then the watchlist's current online and offline users, and tells
     * the user's watchers when this is its first signed-in connection. Optional: connections that
     * never sign in keep every other feature.
     */
    private Mono<Void> signin(Connection connection, InboundMessage message) {
        String userData = message.dataField("user_data");
        if (userData == null) {
            return Mono.error(new InvalidMessage("Invalid signin: user_data, a JSON string from the app's user "
                    + "authentication endpoint, is required"));
        }
        UserAuthentication.verify(connection.app(), connection.socketId(), message.dataField("auth"), userData);
        JsonNode parsed = Frames.readNested(userData);
        JsonNode id = parsed != null && parsed.isObject() ? parsed.get("id") : null;
        if (id == null || !id.isString() || id.stringValue().isEmpty()) {
            return Mono.error(new InvalidMessage(
                    "Invalid signin: user_data must be a JSON object with an id (a non-empty string)"));
        }
        String userId = id.stringValue();
        if (userId.length() > MAX_USER_ID_LENGTH) {
            return Mono.error(new InvalidMessage(
                    "Invalid signin: the user id is limited to " + MAX_USER_ID_LENGTH + " characters"));
        }
        List<String> watchlist = new ArrayList<>();
        JsonNode watched = parsed.get("watchlist");
        if (watched != null && !watched.isNull()) {
            if (!watched.isArray()) {
                return Mono.error(new InvalidMessage("Invalid signin: watchlist must be an array of user ids"));
            }
            for (JsonNode watchedId : watched) {
                if (!watchedId.isString() || watchedId.stringValue().isEmpty()) {
                    return Mono.error(new InvalidMessage("Invalid signin: watchlist must be an array of user ids"));
                }
                if (!watchlist.contains(watchedId.stringValue())) {
                    watchlist.add(watchedId.stringValue());
                }
            }
        }
        boolean overLimit = watchlist.size() > maxWatchlistSize;
        List<String> accepted = List.copyOf(overLimit ? watchlist.subList(0, maxWatchlistSize) : watchlist);
        SignedInUser candidate = new SignedInUser(userId, accepted);
        SignedInUser current = connection.signIn(candidate);
        if (!current.userId().equals(userId)) {
            return Mono.error(
                    new ConnectionUnauthorized("Invalid signin: this connection is already signed in as another user"));
        }
        connection.send(Frames.signinSuccess(userData));
        if (current != candidate) {
            return Mono.empty();
        }
        if (overLimit) {
            connection.fail(new WatchlistLimitExceeded(maxWatchlistSize));
        }
        String appId = connection.app().id();
        return registry.signIn(connection, userId, accepted).flatMap(signedIn -> {
            if (!accepted.isEmpty()) {
                List<String> online = accepted.stream()
                        .filter(signedIn.onlineWatched()::contains)
                        .toList();
                List<String> offline = accepted.stream()
                        .filter(user -> !signedIn.onlineWatched().contains(user))
                        .toList();
                connection.send(Frames.watchlistEvents(online, offline));
            }
            return signedIn.firstForUser()
                    ? registry.publishToWatchers(appId, userId, Frames.watchlistEvents(List.of(userId), List.of()))
                    : Mono.empty();
        });
    }

    private Mono<Void> subscribe(Connection connection, InboundMessage message) {
        String name = message.dataField("channel");
        ChannelName channel;
        try {
            channel = ChannelName.of(name);
        } catch (IllegalArgumentException ex) {
            return Mono.error(new SubscriptionRefused(name, 400, ex.getMessage()));
        }
        if (channel.kind() == ChannelKind.SERVER_TO_USER) {
            String owner = channel.kind().suffixOf(channel.value());
            if (!owner.equals(connection.userId())) {
                return Mono.error(new SubscriptionRefused(
                        channel.value(),
                        403,
                        "Subscribing to " + channel.value() + " requires signing in as user '" + owner
                                + "' first (pusher:signin)"));
            }
        }
        PresenceMember member = null;
        if (channel.kind().requiresAuthorization()) {
            String channelData = channel.kind().hasPresence() ? message.dataField("channel_data") : null;
            if (channel.kind().hasPresence() && channelData == null) {
                return Mono.error(new SubscriptionRefused(
                        channel.value(),
                        400,
                        "Subscribing to presence channel " + channel.value()
                                + " needs channel_data from the auth endpoint"));
            }
            ChannelAuthorization.verify(
                    connection.app(), connection.socketId(), channel.value(), message.dataField("auth"), channelData);
            if (channel.kind().hasPresence()) {
                member = presenceMember(channel, channelData);
            }
        }
        Membership previous = connection.membership(channel.value());
        if (previous != null && member != null && !previous.member().userId().equals(member.userId())) {
            return Mono.error(new SubscriptionRefused(
                    channel.value(), 400, "Already subscribed to " + channel.value() + " as another user"));
        }
        if (previous == null
                && maxSubscriptionsPerConnection != 0
                && connection.subscriptionCount() >= maxSubscriptionsPerConnection) {
            return Mono.error(new SubscriptionLimitReached(channel.value(), maxSubscriptionsPerConnection));
        }
        PresenceMember joiningAs = member;
        if (previous == null && channel.kind() == ChannelKind.PUBLIC && channelCreations.bounded()) {
            String appId = connection.app().id();
            return registry.channel(appId, channel.value()).flatMap(info -> {
                if (!info.occupied() && !channelCreations.tryCreate(appId, clock.millis())) {
                    return Mono.error(new ChannelCreationRateLimited(channel.value(), channelCreations.perSecond()));
                }
                return join(connection, channel, joiningAs, null);
            });
        }
        return join(connection, channel, joiningAs, previous);
    }

    /** Joins a channel the connection may join, and answers it (roster, cache replay, counts, member_added). */
    private Mono<Void> join(Connection connection, ChannelName channel, PresenceMember joiningAs, Membership previous) {
        connection.joined(channel, joiningAs);
        return registry.subscribe(connection, channel, joiningAs)
                .doOnError(error -> {
                    if (previous == null) {
                        connection.left(channel.value());
                    }
                })
                .flatMap(subscription -> {
                    String appId = connection.app().id();
                    connection.send(
                            joiningAs == null
                                    ? Frames.subscriptionSucceeded(channel.value())
                                    : Frames.presenceSubscriptionSucceeded(channel.value(), subscription.roster()));
                    Mono<Void> replay = channel.cache() ? replayCache(connection, channel) : Mono.empty();
                    if (joiningAs != null) {
                        return replay.then(
                                subscription.firstForUser()
                                        ? registry.publish(
                                                appId,
                                                channel.value(),
                                                Frames.memberAdded(channel.value(), joiningAs),
                                                connection.socketId())
                                        : Mono.empty());
                    }
                    return previous == null && channel.kind().countsSubscriptions()
                            ? replay.then(subscriptionCounts.changed(
                                    appId, channel.value(), subscription.subscriptionCount()))
                            : replay;
                });
    }

    /** A cache channel's last event goes to the new subscriber, or {@code pusher:cache_miss} when there is none. */
    private Mono<Void> replayCache(Connection connection, ChannelName channel) {
        String appId = connection.app().id();
        return registry.cachedEvent(appId, channel.value())
                .map(cached -> {
                    connection.send(Frames.channelEvent(cached.event(), channel.value(), cached.data()));
                    return true;
                })
                .switchIfEmpty(Mono.defer(() -> {
                    connection.send(Frames.cacheMiss(channel.value()));
                    // the cache_miss webhook lets the app server publish the missing state
                    return channelEvents.cacheMiss(appId, channel.value()).thenReturn(false);
                }))
                .then();
    }

    private Mono<Void> unsubscribe(Connection connection, String channel) {
        Membership membership = channel == null ? null : connection.left(channel);
        if (membership == null) {
            return Mono.empty();
        }
        String appId = connection.app().id();
        return registry.unsubscribe(connection, membership.channel(), membership.member())
                .flatMap(departure -> {
                    if (departure.lastForUser()) {
                        return registry.publish(
                                appId,
                                channel,
                                Frames.memberRemoved(
                                        channel, membership.member().userId()),
                                null);
                    }
                    return membership.channel().kind().countsSubscriptions()
                            ? subscriptionCounts.changed(appId, channel, departure.subscriptionCount())
                            : Mono.empty();
                });
    }

    private Mono<Void> clientEvent(Connection connection, InboundMessage message) {
        String channel = message.channel();
        Membership membership = channel == null ? null : connection.membership(channel);
        if (membership == null) {
            return Mono.error(new InvalidMessage(
                    "Client event rejected: this connection is not subscribed to '" + channel + "'"));
        }
        if (!membership.channel().kind().acceptsClientEvents()) {
            return Mono.error(new InvalidMessage("Client event rejected: client events are only allowed on"
                    + " private and presence channels, not on " + channel));
        }
        if (message.event().length() > MAX_EVENT_NAME_LENGTH) {
            return Mono.error(new InvalidMessage(
                    "Client event rejected: event names are limited to " + MAX_EVENT_NAME_LENGTH + " characters"));
        }
        String data = dataAsString(message.data());
        if (data.getBytes(StandardCharsets.UTF_8).length > maxEventBytes) {
            return Mono.error(
                    new InvalidMessage("Client event rejected: data is limited to " + maxEventBytes + " bytes"));
        }
        if (!connection.clientEvents().tryUse(clock.millis())) {
            return Mono.error(new ClientEventRejected(connection.clientEvents().perSecond()));
        }
        String userId = membership.member() == null ? null : membership.member().userId();
        return registry.publish(
                        connection.app().id(),
                        channel,
                        Frames.clientEvent(message.event(), channel, data, userId),
                        connection.socketId())
                .then(Mono.defer(() -> channelEvents.clientEvent(
                        connection.app().id(), channel, message.event(), data, connection.socketId(), userId)));
    }

    private static String dataAsString(JsonNode data) {
        if (data == null || data.isNull()) {
            return "{}";
        }
        return data.isString() ? data.stringValue() : Frames.write(data);
    }

    private static PresenceMember presenceMember(ChannelName channel, String channelData) {
        JsonNode parsed = Frames.readNested(channelData);
        if (parsed == null || !parsed.isObject()) {
            throw new SubscriptionRefused(
                    channel.value(),
                    400,
                    "channel_data for " + channel.value() + " must be a JSON object with a user_id");
        }
        JsonNode userId = parsed.get("user_id");
        String id = userId == null
                ? null
                : userId.isString() ? userId.stringValue() : userId.isIntegralNumber() ? userId.asString() : null;
        if (id == null || id.isEmpty()) {
            throw new SubscriptionRefused(
                    channel.value(),
                    400,
                    "channel_data for " + channel.value() + " must contain a user_id (string or integer)");
        }
        if (id.length() > MAX_USER_ID_LENGTH) {
            throw new SubscriptionRefused(
                    channel.value(), 400, "user_id is limited to " + MAX_USER_ID_LENGTH + " characters");
        }
        JsonNode userInfo = parsed.get("user_info");
        if (userInfo != null && !userInfo.isNull()) {
            if (!userInfo.isObject()) {
                throw new SubscriptionRefused(
                        channel.value(),
                        400,
                        "user_info supplied to presence subscription is invalid - if supplied it must be a JSON object");
            }
            if (Frames.write(userInfo).getBytes(StandardCharsets.UTF_8).length > MAX_USER_INFO_BYTES) {
                throw new SubscriptionRefused(
                        channel.value(), 400, "user_info is limited to " + MAX_USER_INFO_BYTES + " bytes");
            }
        }
        return new PresenceMember(id, userInfo == null || userInfo.isNull() ? null : userInfo);
    }
}

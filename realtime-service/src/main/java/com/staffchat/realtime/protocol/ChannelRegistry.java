package com.staffchat.realtime.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who is subscribed to which channel, who is signed in, the cache channels' last events, and
 * delivery to them. The in-memory registry serves one node; a fleet version (Redis) implements the
 * same contract, which is why it is reactive. Every method is scoped to one app.
 */
public interface ChannelRegistry {

    /**
     * Adds a connection to a channel (again is harmless). For presence channels {@code member} is the
     * user it joins as, and the answer carries the roster including that user; a full presence
     * channel fails with {@link SubscriptionRefused}.
     */
    Mono<Subscription> subscribe(Connection connection, ChannelName channel, PresenceMember member);

    /** Removes a connection from a channel. */
    Mono<Departure> unsubscribe(Connection connection, ChannelName channel, PresenceMember member);

    /** Sends a frame to every connection of the app on the channel, except the one with {@code exceptSocketId}. */
    Mono<Void> publish(String appId, String channel, String frame, String exceptSocketId);

    // Queries for the HTTP API.

    /** The occupied channels of an app whose names start with {@code prefix} ({@code ""} for all), with their counts. */
    Mono<Map<String, ChannelInfo>> channels(String appId, String prefix);

    /** One channel's counts; {@link ChannelInfo#VACANT} when nobody is subscribed. */
    Mono<ChannelInfo> channel(String appId, String channel);

    /** The distinct user ids on a presence channel, in joining order; empty when it is vacant. */
    Mono<List<String>> presenceUserIds(String appId, String channel);

    // Cache channels.

    /** Remembers the last event of a cache channel until {@link CachedEvent#expiresAt()}, replacing the previous one. */
    Mono<Void> cacheEvent(String appId, String channel, CachedEvent event);

    /** The cache channel's last event, or empty when there is none or it has expired. */
    Mono<CachedEvent> cachedEvent(String appId, String channel);

    // Signed-in users (pusher:signin).

    /**
     * Records that a connection signed in as {@code userId}, watching the users in {@code watchlist}.
     * The answer says whether this is the user's first signed-in connection (the user came online,
     * so its watchers are told) and which of the watched users are online now.
     */
    Mono<SignedIn> signIn(Connection connection, String userId, List<String> watchlist);

    /** Forgets a signed-in connection (when it closes); the answer says whether the user went offline. */
    Mono<SignedOut> signOut(Connection connection, String userId, List<String> watchlist);

    /** Sends a frame to every signed-in connection of the app whose watchlist contains {@code userId}. */
    Mono<Void> publishToWatchers(String appId, String userId, String frame);

    /**
     * Closes every connection signed in as {@code userId} with {@link TerminatedByApp} (4009), on
     * every node. Connections that did not sign in are left alone, even if a presence channel knows
     * them under that user id.
     */
    Mono<Void> terminateUserConnections(String appId, String userId);

    /**
     * The outcome of a subscription.
     *
     * @param firstForUser whether this is the member's first connection on the presence channel
     * (others are then told with {@code member_added})
     * @param roster the presence channel's members, empty for other kinds
     * @param subscriptionCount connections on the channel after this one joined
     */
    record Subscription(boolean firstForUser, List<PresenceMember> roster, int subscriptionCount) {}

    /**
     * The outcome of leaving a channel.
     *
     * @param lastForUser whether the member's last connection left the presence channel
     * (others are then told with {@code member_removed})
     * @param subscriptionCount connections left on the channel
     */
    record Departure(boolean lastForUser, int subscriptionCount) {}

    /**
     * A channel's counts.
     *
     * @param subscriptionCount connections subscribed
     * @param userCount distinct users (presence channels; 0 for other kinds)
     */
    record ChannelInfo(int subscriptionCount, int userCount) {

        public static final ChannelInfo VACANT = new ChannelInfo(0, 0);

        public boolean occupied() {
            return subscriptionCount > 0;
        }
    }

    /** The last event triggered on a cache channel, replayed to new subscribers until it expires. */
    record CachedEvent(String event, String data, Instant expiresAt) {}

    /**
     * The outcome of a sign-in.
     *
     * @param firstForUser whether no other connection of the app was signed in as this user
     * @param onlineWatched the users of the watchlist signed in on at least one connection
     */
    record SignedIn(boolean firstForUser, Set<String> onlineWatched) {}

    /**
     * The outcome of a signed-in connection going away.
     *
     * @param lastForUser whether it was the user's last signed-in connection
     */
    record SignedOut(boolean lastForUser) {}
}

package com.staffchat.realtime.api;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.protocol.ChannelKind;
import com.staffchat.realtime.protocol.ChannelName;
import com.staffchat.realtime.protocol.ChannelRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pusher's channel queries and user termination: {@code GET /apps/{appId}/channels},
 * {@code GET /apps/{appId}/channels/{channel}}, {@code GET /apps/{appId}/channels/{channel}/users}
 * and {@code POST /apps/{appId}/users/{userId}/terminate_connections}.
 */
final class ChannelsApi {

    private static final Set<String> LIST_ATTRIBUTES = Set.of("user_count", "subscription_count");

    private static final Set<String> CHANNEL_ATTRIBUTES = Set.of("user_count", "subscription_count", "cache");

    private static final int MAX_USER_ID_LENGTH = 128;

    private final SignedRequests requests;

    private final ChannelRegistry registry;

    private final InstantSource clock;

    ChannelsApi(SignedRequests requests, ChannelRegistry registry, InstantSource clock) {
        this.requests = requests;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Occupied channels, optionally {@code filter_by_prefix}; {@code info=user_count} only when the
     * prefix limits the list to presence channels (400 otherwise, as Pusher answers).
     */
    Mono<ServerResponse> list(ServerRequest request) {
        return requests.handle(request, (app, body) -> {
            String prefix = request.queryParam("filter_by_prefix").orElse("");
            InfoAttributes info =
                    InfoAttributes.parse(request.queryParam("info").orElse(null), LIST_ATTRIBUTES);
            if (info.userCount() && !prefix.startsWith("presence-")) {
                throw ApiRefusal.invalid("user_count may only be requested for presence channels:"
                        + " add filter_by_prefix=presence- to the request");
            }
            return registry.channels(app.id(), prefix).flatMap(occupied -> {
                ObjectNode channels = SignedRequests.JSON.createObjectNode();
                occupied.forEach((name, counts) -> {
                    ObjectNode attributes = channels.putObject(name);
                    if (info.userCount()) {
                        attributes.put("user_count", counts.userCount());
                    }
                    if (info.subscriptionCount()) {
                        attributes.put("subscription_count", counts.subscriptionCount());
                    }
                });
                ObjectNode root = SignedRequests.JSON.createObjectNode();
                root.set("channels", channels);
                return SignedRequests.success(root);
            });
        });
    }

    /**
     * One channel: {@code occupied} always, plus the requested {@code user_count} (presence only),
     * {@code subscription_count} and {@code cache} (cache channels only: the last event and its
     * remaining TTL in seconds, left out when there is none).
     */
    Mono<ServerResponse> channel(ServerRequest request) {
        return requests.handle(request, (app, body) -> {
            ChannelName channel = channelName(request);
            InfoAttributes info =
                    InfoAttributes.parse(request.queryParam("info").orElse(null), CHANNEL_ATTRIBUTES);
            if (info.userCount() && channel.kind() != ChannelKind.PRESENCE) {
                throw ApiRefusal.invalid("user_count is only available for presence channels, not " + channel.value());
            }
            if (info.cache() && !channel.cache()) {
                throw ApiRefusal.invalid("cache is only available for cache channels (cache-, private-cache-,"
                        + " private-encrypted-cache-, presence-cache-), not " + channel.value());
            }
            Mono<ObjectNode> cache = info.cache() ? cacheAttribute(app, channel) : Mono.empty();
            return registry.channel(app.id(), channel.value())
                    .zipWith(cache.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                    .flatMap(both -> {
                        var counts = both.getT1();
                        ObjectNode root = SignedRequests.JSON.createObjectNode();
                        root.put("occupied", counts.occupied());
                        if (info.userCount()) {
                            root.put("user_count", counts.userCount());
                        }
                        if (info.subscriptionCount()) {
                            root.put("subscription_count", counts.subscriptionCount());
                        }
                        both.getT2().ifPresent(cached -> root.set("cache", cached));
                        return SignedRequests.success(root);
                    });
        });
    }

    private Mono<ObjectNode> cacheAttribute(App app, ChannelName channel) {
        return registry.cachedEvent(app.id(), channel.value()).map(cached -> {
            ObjectNode node = SignedRequests.JSON.createObjectNode();
            node.put("event", cached.event());
            node.put("data", cached.data());
            long ttl = Duration.between(clock.instant(), cached.expiresAt()).toSeconds();
            node.put("ttl", Math.max(ttl, 0));
            return node;
        });
    }

    /** The user ids on a presence channel: {@code {"users":[{"id":".."}]}}; 400 for other kinds. */
    Mono<ServerResponse> users(ServerRequest request) {
        return requests.handle(request, (app, body) -> {
            ChannelName channel = channelName(request);
            if (channel.kind() != ChannelKind.PRESENCE) {
                throw ApiRefusal.invalid("Users can only be listed for presence channels, not " + channel.value());
            }
            return registry.presenceUserIds(app.id(), channel.value()).flatMap(ids -> {
                ObjectNode root = SignedRequests.JSON.createObjectNode();
                ArrayNode users = root.putArray("users");
                ids.forEach(id -> users.addObject().put("id", id));
                return SignedRequests.success(root);
            });
        });
    }

    /** Closes every connection signed in as the user (4009); answers {@code {}} whether or not there were any. */
    Mono<ServerResponse> terminateUserConnections(ServerRequest request) {
        return requests.handle(request, (app, body) -> {
            String userId = request.pathVariable("userId");
            if (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH) {
                throw ApiRefusal.invalid("Invalid user id: 1 to " + MAX_USER_ID_LENGTH + " characters");
            }
            return registry.terminateUserConnections(app.id(), userId).then(SignedRequests.emptySuccess());
        });
    }

    private static ChannelName channelName(ServerRequest request) {
        try {
            return ChannelName.of(request.pathVariable("channel"));
        } catch (IllegalArgumentException ex) {
            throw ApiRefusal.invalid(ex.getMessage());
        }
    }
}

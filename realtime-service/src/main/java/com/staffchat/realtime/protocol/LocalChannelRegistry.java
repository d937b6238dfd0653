package com.staffchat.realtime.protocol;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * The channel registry of a single node, in memory. Membership changes to one channel are made
 * inside {@link ConcurrentHashMap#compute}, so a channel is created, changed and dropped atomically;
 * delivery iterates a concurrent map and never blocks.
 */
public final class LocalChannelRegistry implements ChannelRegistry {

    private final Map<Key, LocalChannel> channels = new ConcurrentHashMap<>();

    /** Last events of cache channels, kept whether or not anyone is subscribed, until they expire. */
    private final Map<Key, CachedEvent> cache = new ConcurrentHashMap<>();

    /** Signed-in connections by user. */
    private final Map<Key, Set<Connection>> signedIn = new ConcurrentHashMap<>();

    /** Signed-in connections by a user id on their watchlist. */
    private final Map<Key, Set<Connection>> watchers = new ConcurrentHashMap<>();

    private final AtomicInteger cacheWrites = new AtomicInteger();

    private final InstantSource clock;

    /** A registry whose presence channels hold at most each app's {@code maxPresenceMembers}. */
    public LocalChannelRegistry() {
        this(InstantSource.system());
    }

    public LocalChannelRegistry(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Subscription> subscribe(Connection connection, ChannelName channel, PresenceMember member) {
        return Mono.fromSupplier(() -> {
            Subscription[] outcome = new Subscription[1];
            channels.compute(new Key(connection.app().id(), channel.value()), (key, existing) -> {
                LocalChannel local = existing == null ? new LocalChannel() : existing;
                outcome[0] = local.add(
                        connection, channel, member, connection.app().limits().maxPresenceMembers());
                return local.isEmpty() ? null : local;
            });
            return outcome[0];
        });
    }

    @Override
    public Mono<Departure> unsubscribe(Connection connection, ChannelName channel, PresenceMember member) {
        return Mono.fromSupplier(() -> {
            Departure[] outcome = {new Departure(false, 0)};
            channels.computeIfPresent(new Key(connection.app().id(), channel.value()), (key, local) -> {
                outcome[0] = local.remove(connection, member);
                return local.isEmpty() ? null : local;
            });
            return outcome[0];
        });
    }

    @Override
    public Mono<Void> publish(String appId, String channel, String frame, String exceptSocketId) {
        return Mono.fromRunnable(() -> {
            LocalChannel local = channels.get(new Key(appId, channel));
            if (local == null) {
                return;
            }
            for (Connection subscriber : local.subscribers.values()) {
                if (!subscriber.socketId().equals(exceptSocketId)) {
                    subscriber.send(frame);
                }
            }
        });
    }

    @Override
    public Mono<Map<String, ChannelInfo>> channels(String appId, String prefix) {
        return Mono.fromSupplier(() -> {
            Map<String, ChannelInfo> occupied = new TreeMap<>();
            channels.forEach((key, local) -> {
                if (key.appId().equals(appId) && key.name().startsWith(prefix)) {
                    ChannelInfo info = local.info();
                    if (info.occupied()) {
                        occupied.put(key.name(), info);
                    }
                }
            });
            return occupied;
        });
    }

    @Override
    public Mono<ChannelInfo> channel(String appId, String channel) {
        return Mono.fromSupplier(() -> {
            LocalChannel local = channels.get(new Key(appId, channel));
            return local == null ? ChannelInfo.VACANT : local.info();
        });
    }

    @Override
    public Mono<List<String>> presenceUserIds(String appId, String channel) {
        return Mono.fromSupplier(() -> {
            List<String> ids = new ArrayList<>();
            channels.computeIfPresent(new Key(appId, channel), (key, local) -> {
                ids.addAll(local.users.keySet());
                return local;
            });
            return List.copyOf(ids);
        });
    }

    @Override
    public Mono<Void> cacheEvent(String appId, String channel, CachedEvent event) {
        return Mono.fromRunnable(() -> {
            cache.put(new Key(appId, channel), event);
            if (cacheWrites.incrementAndGet() % 1024 == 0) {
                cache.values().removeIf(cached -> !cached.expiresAt().isAfter(clock.instant()));
            }
        });
    }

    @Override
    public Mono<CachedEvent> cachedEvent(String appId, String channel) {
        return Mono.fromSupplier(() -> {
            Key key = new Key(appId, channel);
            CachedEvent cached = cache.get(key);
            if (cached != null && !cached.expiresAt().isAfter(clock.instant())) {
                cache.remove(key, cached);
                return null;
            }
            return cached;
        });
    }

    @Override
    public Mono<SignedIn> signIn(Connection connection, String userId, List<String> watchlist) {
        return Mono.fromSupplier(() -> {
            String appId = connection.app().id();
            boolean[] first = new boolean[1];
            signedIn.compute(new Key(appId, userId), (key, connections) -> {
                Set<Connection> set = connections == null ? ConcurrentHashMap.newKeySet() : connections;
                first[0] = set.isEmpty();
                set.add(connection);
                return set;
            });
            Set<String> online = new LinkedHashSet<>();
            for (String watched : watchlist) {
                watchers.computeIfAbsent(new Key(appId, watched), key -> ConcurrentHashMap.newKeySet())
                        .add(connection);
                Set<Connection> watchedConnections = signedIn.get(new Key(appId, watched));
                if (watchedConnections != null && !watchedConnections.isEmpty()) {
                    online.add(watched);
                }
            }
            return new SignedIn(first[0], Set.copyOf(online));
        });
    }

    @Override
    public Mono<SignedOut> signOut(Connection connection, String userId, List<String> watchlist) {
        return Mono.fromSupplier(() -> {
            String appId = connection.app().id();
            for (String watched : watchlist) {
                watchers.computeIfPresent(new Key(appId, watched), (key, set) -> {
                    set.remove(connection);
                    return set.isEmpty() ? null : set;
                });
            }
            boolean[] last = new boolean[1];
            signedIn.computeIfPresent(new Key(appId, userId), (key, set) -> {
                last[0] = set.remove(connection) && set.isEmpty();
                return set.isEmpty() ? null : set;
            });
            return new SignedOut(last[0]);
        });
    }

    @Override
    public Mono<Void> publishToWatchers(String appId, String userId, String frame) {
        return Mono.fromRunnable(() -> {
            Set<Connection> watching = watchers.get(new Key(appId, userId));
            if (watching != null) {
                watching.forEach(connection -> connection.send(frame));
            }
        });
    }

    @Override
    public Mono<Void> terminateUserConnections(String appId, String userId) {
        return Mono.fromRunnable(() -> {
            Set<Connection> connections = signedIn.get(new Key(appId, userId));
            if (connections != null) {
                List.copyOf(connections).forEach(connection -> connection.fail(new TerminatedByApp(userId)));
            }
        });
    }

    private record Key(String appId, String name) {}

    /** One occupied channel. Mutated only inside {@code compute} for its key. */
    private static final class LocalChannel {

        private final Map<String, Connection> subscribers = new ConcurrentHashMap<>();

        /** Presence only: user id to the member as first seen and the socket ids it is connected with. */
        private final Map<String, PresentUser> users = new LinkedHashMap<>();

        Subscription add(Connection connection, ChannelName channel, PresenceMember member, int maxMembers) {
            if (member == null) {
                subscribers.put(connection.socketId(), connection);
                return new Subscription(false, List.of(), subscribers.size());
            }
            PresentUser user = users.get(member.userId());
            if (user == null && users.size() >= maxMembers) {
                throw new SubscriptionRefused(
                        channel.value(),
                        403,
                        "Presence channel " + channel.value() + " is full: at most " + maxMembers + " members");
            }
            boolean first = user == null;
            if (first) {
                user = new PresentUser(member, ConcurrentHashMap.newKeySet());
                users.put(member.userId(), user);
            }
            user.socketIds().add(connection.socketId());
            subscribers.put(connection.socketId(), connection);
            List<PresenceMember> roster = new ArrayList<>(users.size());
            users.values().forEach(present -> roster.add(present.member()));
            return new Subscription(first, List.copyOf(roster), subscribers.size());
        }

        Departure remove(Connection connection, PresenceMember member) {
            subscribers.remove(connection.socketId());
            int left = subscribers.size();
            if (member == null) {
                return new Departure(false, left);
            }
            PresentUser user = users.get(member.userId());
            if (user == null || !user.socketIds().remove(connection.socketId())) {
                return new Departure(false, left);
            }
            if (user.socketIds().isEmpty()) {
                users.remove(member.userId());
                return new Departure(true, left);
            }
            return new Departure(false, left);
        }

        ChannelInfo info() {
            return new ChannelInfo(subscribers.size(), users.size());
        }

        boolean isEmpty() {
            return subscribers.isEmpty();
        }
    }

    private record PresentUser(PresenceMember member, Set<String> socketIds) {}
}

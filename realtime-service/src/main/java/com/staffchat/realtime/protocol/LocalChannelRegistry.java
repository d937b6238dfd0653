package com.staffchat.realtime.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * The channel registry of a single node, in memory. Membership changes to one channel are made
 * inside {@link ConcurrentHashMap#compute}, so a channel is created, changed and dropped atomically;
 * delivery iterates a concurrent map and never blocks.
 */
public final class LocalChannelRegistry implements ChannelRegistry {

	private final Map<Key, LocalChannel> channels = new ConcurrentHashMap<>();

	private final int maxPresenceMembers;

	public LocalChannelRegistry(int maxPresenceMembers) {
		this.maxPresenceMembers = maxPresenceMembers;
	}

	@Override
	public Mono<Subscription> subscribe(Connection connection, ChannelName channel, PresenceMember member) {
		return Mono.fromSupplier(() -> {
			Subscription[] outcome = new Subscription[1];
			channels.compute(new Key(connection.app().id(), channel.value()), (key, existing) -> {
				LocalChannel local = existing == null ? new LocalChannel() : existing;
				outcome[0] = local.add(connection, channel, member, maxPresenceMembers);
				return local.isEmpty() ? null : local;
			});
			return outcome[0];
		});
	}

	@Override
	public Mono<Departure> unsubscribe(Connection connection, ChannelName channel, PresenceMember member) {
		return Mono.fromSupplier(() -> {
			Departure[] outcome = { new Departure(false) };
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

	/** Connections subscribed to a channel; zero when nobody is. */
	public int subscriptionCount(String appId, String channel) {
		LocalChannel local = channels.get(new Key(appId, channel));
		return local == null ? 0 : local.subscribers.size();
	}

	private record Key(String appId, String channel) {
	}

	/** One occupied channel. Mutated only inside {@code compute} for its key. */
	private static final class LocalChannel {

		private final Map<String, Connection> subscribers = new ConcurrentHashMap<>();

		/** Presence only: user id to the member as first seen and the socket ids it is connected with. */
		private final Map<String, PresentUser> users = new LinkedHashMap<>();

		Subscription add(Connection connection, ChannelName channel, PresenceMember member, int maxMembers) {
			if (member == null) {
				subscribers.put(connection.socketId(), connection);
				return new Subscription(false, List.of());
			}
			PresentUser user = users.get(member.userId());
			if (user == null && users.size() >= maxMembers) {
				throw new SubscriptionRefused(channel.value(), 403,
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
			return new Subscription(first, List.copyOf(roster));
		}

		Departure remove(Connection connection, PresenceMember member) {
			subscribers.remove(connection.socketId());
			if (member == null) {
				return new Departure(false);
			}
			PresentUser user = users.get(member.userId());
			if (user == null || !user.socketIds().remove(connection.socketId())) {
				return new Departure(false);
			}
			if (user.socketIds().isEmpty()) {
				users.remove(member.userId());
				return new Departure(true);
			}
			return new Departure(false);
		}

		boolean isEmpty() {
			return subscribers.isEmpty();
		}

	}

	private record PresentUser(PresenceMember member, Set<String> socketIds) {
	}

}

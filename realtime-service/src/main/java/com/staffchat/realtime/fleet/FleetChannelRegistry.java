package com.staffchat.realtime.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.staffchat.realtime.protocol.ChannelName;
import com.staffchat.realtime.protocol.ChannelRegistry;
import com.staffchat.realtime.protocol.Connection;
import com.staffchat.realtime.protocol.PresenceMember;
import com.staffchat.realtime.protocol.PusherError;
import com.staffchat.realtime.protocol.SubscriptionRefused;
import reactor.core.publisher.Mono;

/**
 * The channel registry of a fleet node: the protocol's {@link ChannelRegistry} over
 * {@link FleetNode}, so that subscriptions, presence and delivery span every node sharing Redis.
 * The query methods answer from shared state.
 */
public final class FleetChannelRegistry implements ChannelRegistry {

	private final FleetNode node;

	private final int maxPresenceMembers;

	public FleetChannelRegistry(FleetNode node, int maxPresenceMembers) {
		this.node = node;
		this.maxPresenceMembers = maxPresenceMembers;
	}

	@Override
	public Mono<Subscription> subscribe(Connection connection, ChannelName channel, PresenceMember member) {
		return node.join(connection.app().id(), channel.value(), new ConnectionSubscriber(connection), member,
				maxPresenceMembers)
			.map(joined -> {
				if (joined.refused()) {
					throw new SubscriptionRefused(channel.value(), 403, "Presence channel " + channel.value()
							+ " is full: at most " + maxPresenceMembers + " members");
				}
				return new Subscription(joined.firstForUser(), joined.roster());
			})
			// Shared state out of reach (Redis down): refuse this subscription, keep the connection.
			.onErrorMap(error -> !(error instanceof PusherError), error -> new SubscriptionRefused(channel.value(), 503,
					"Subscription to " + channel.value() + " failed: shared channel state is unavailable, retry later"));
	}

	@Override
	public Mono<Departure> unsubscribe(Connection connection, ChannelName channel, PresenceMember member) {
		return node.leave(connection.app().id(), channel.value(), connection.socketId(),
				member == null ? null : member.userId())
			.map(left -> new Departure(left.lastForUser()));
	}

	@Override
	public Mono<Void> publish(String appId, String channel, String frame, String exceptSocketId) {
		return node.publish(appId, channel, frame, exceptSocketId);
	}

	/** The app's occupied channels with their subscription counts, fleet-wide. */
	public Mono<Map<String, Long>> channels(String appId) {
		return node.state().channels(appId);
	}

	/** Connections on a channel, fleet-wide. */
	public Mono<Long> subscriptionCount(String appId, String channel) {
		return node.state().subscriptionCount(appId, channel);
	}

	/** Distinct users on a presence channel, fleet-wide. */
	public Mono<Long> userCount(String appId, String channel) {
		return node.state().userCount(appId, channel);
	}

	/** A presence channel's roster, fleet-wide. */
	public Mono<List<PresenceMember>> roster(String appId, String channel) {
		return node.state().roster(appId, channel);
	}

	/** A signed-in user's connections, fleet-wide. */
	public Mono<Long> userConnections(String appId, String userId) {
		return node.state().userConnections(appId, userId);
	}

	/** Keeps the last event of a cache channel, shared by every node. */
	public Mono<Void> cacheEvent(String appId, String channel, String frame, Duration ttl) {
		return node.state().cacheEvent(appId, channel, frame, ttl);
	}

	/** The cached last event of a cache channel; empty means a cache miss. */
	public Mono<String> cachedEvent(String appId, String channel) {
		return node.state().cachedEvent(appId, channel);
	}

	/** Records a signed-in user's connection (for user queries and termination); answers their connections. */
	public Mono<Long> signIn(String appId, String userId, UserSession session) {
		return node.signIn(appId, userId, session);
	}

	/** Forgets a signed-in user's connection; answers their remaining connections fleet-wide. */
	public Mono<Long> signOut(String appId, String userId, String socketId) {
		return node.signOut(appId, userId, socketId);
	}

	/** Closes every connection of a signed-in user, on every node. */
	public Mono<Void> terminateUser(String appId, String userId) {
		return node.terminateUser(appId, userId);
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

	}

}

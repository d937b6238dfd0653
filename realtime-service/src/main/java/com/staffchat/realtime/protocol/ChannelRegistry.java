package com.staffchat.realtime.protocol;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Who is subscribed to which channel, and delivery to them. The in-memory registry serves one
 * node; a fleet version (Redis) implements the same contract, which is why it is reactive.
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

	/**
	 * The outcome of a subscription.
	 *
	 * @param firstForUser whether this is the member's first connection on the presence channel
	 * (others are then told with {@code member_added})
	 * @param roster the presence channel's members, empty for other kinds
	 */
	record Subscription(boolean firstForUser, List<PresenceMember> roster) {
	}

	/**
	 * The outcome of leaving a channel.
	 *
	 * @param lastForUser whether the member's last connection left the presence channel
	 * (others are then told with {@code member_removed})
	 */
	record Departure(boolean lastForUser) {
	}

}

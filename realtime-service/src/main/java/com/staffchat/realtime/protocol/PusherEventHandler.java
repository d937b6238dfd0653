package com.staffchat.realtime.protocol;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.protocol.Connection.Membership;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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

	private final int clientEventsPerSecond;

	private final InstantSource clock;

	private final ChannelEventListener channelEvents;

	public PusherEventHandler(AppDirectory apps, ChannelRegistry registry, RealtimeProperties properties,
			InstantSource clock) {
		this(apps, registry, properties, clock, ChannelEventListener.NONE);
	}

	public PusherEventHandler(AppDirectory apps, ChannelRegistry registry, RealtimeProperties properties,
			InstantSource clock, ChannelEventListener channelEvents) {
		this.channelEvents = channelEvents;
		this.apps = apps;
		this.registry = registry;
		this.activityTimeoutSeconds = properties.activityTimeout().toSeconds();
		this.maxEventBytes = properties.maxEventBytes();
		this.clientEventsPerSecond = properties.clientEventsPerSecond();
		this.clock = clock;
	}

	/**
	 * Accepts a new connection to {@code /app/{key}?protocol=..}, sending
	 * {@code pusher:connection_established}; throws a {@link PusherError} (4001, 4007, 4008) otherwise.
	 */
	public Connection open(String appKey, String protocol, Outbound outbound) {
		App app = apps.byKey(appKey).orElseThrow(() -> new ApplicationDoesNotExist(appKey));
		ProtocolVersion.check(protocol);
		Connection connection = new Connection(SocketIds.next(), app, outbound, clientEventsPerSecond);
		connection.send(Frames.connectionEstablished(connection.socketId(), activityTimeoutSeconds));
		return connection;
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
				case "pusher:signin" -> Mono.<Void>error(new InvalidMessage("pusher:signin is not supported by this server yet"));
				default -> message.event().startsWith("client-") ? clientEvent(connection, message)
						: Mono.<Void>error(new InvalidMessage("Unknown event '" + message.event() + "'"));
			};
		}).onErrorResume(PusherError.class, error -> {
			connection.fail(error);
			return Mono.empty();
		});
	}

	/** Leaves every channel the connection joined, telling presence channels about users who left. */
	public Mono<Void> onClose(Connection connection) {
		return Flux.fromIterable(connection.channels()).concatMap(channel -> unsubscribe(connection, channel)).then();
	}

	private Mono<Void> subscribe(Connection connection, InboundMessage message) {
		String name = message.dataField("channel");
		ChannelName channel;
		try {
			channel = ChannelName.of(name);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new SubscriptionRefused(name, 400, ex.getMessage()));
		}
		PresenceMember member = null;
		if (channel.kind().requiresAuthorization()) {
			String channelData = channel.kind().hasPresence() ? message.dataField("channel_data") : null;
			if (channel.kind().hasPresence() && channelData == null) {
				return Mono.error(new SubscriptionRefused(channel.value(), 400,
						"Subscribing to presence channel " + channel.value() + " needs channel_data from the auth endpoint"));
			}
			ChannelAuthorization.verify(connection.app(), connection.socketId(), channel.value(),
					message.dataField("auth"), channelData);
			if (channel.kind().hasPresence()) {
				member = presenceMember(channel, channelData);
			}
		}
		Membership previous = connection.membership(channel.value());
		if (previous != null && member != null && !previous.member().userId().equals(member.userId())) {
			return Mono.error(new SubscriptionRefused(channel.value(), 400,
					"Already subscribed to " + channel.value() + " as another user"));
		}
		PresenceMember joiningAs = member;
		connection.joined(channel, joiningAs);
		return registry.subscribe(connection, channel, joiningAs)
			.doOnError(error -> {
				if (previous == null) {
					connection.left(channel.value());
				}
			})
			.flatMap(subscription -> {
				if (joiningAs == null) {
					connection.send(Frames.subscriptionSucceeded(channel.value()));
					return Mono.empty();
				}
				connection.send(Frames.presenceSubscriptionSucceeded(channel.value(), subscription.roster()));
				return subscription.firstForUser() ? registry.publish(connection.app().id(), channel.value(),
						Frames.memberAdded(channel.value(), joiningAs), connection.socketId()) : Mono.empty();
			});
	}

	private Mono<Void> unsubscribe(Connection connection, String channel) {
		Membership membership = channel == null ? null : connection.left(channel);
		if (membership == null) {
			return Mono.empty();
		}
		return registry.unsubscribe(connection, membership.channel(), membership.member())
			.flatMap(departure -> departure.lastForUser()
					? registry.publish(connection.app().id(), channel,
							Frames.memberRemoved(channel, membership.member().userId()), null)
					: Mono.empty());
	}

	private Mono<Void> clientEvent(Connection connection, InboundMessage message) {
		String channel = message.channel();
		Membership membership = channel == null ? null : connection.membership(channel);
		if (membership == null) {
			return Mono.error(new InvalidMessage("Client event rejected: this connection is not subscribed to '"
					+ channel + "'"));
		}
		if (!membership.channel().kind().acceptsClientEvents()) {
			return Mono.error(new InvalidMessage("Client event rejected: client events are only allowed on"
					+ " private and presence channels, not on " + channel));
		}
		if (message.event().length() > MAX_EVENT_NAME_LENGTH) {
			return Mono.error(new InvalidMessage("Client event rejected: event names are limited to "
					+ MAX_EVENT_NAME_LENGTH + " characters"));
		}
		String data = dataAsString(message.data());
		if (data.getBytes(StandardCharsets.UTF_8).length > maxEventBytes) {
			return Mono.error(new InvalidMessage("Client event rejected: data is limited to " + maxEventBytes + " bytes"));
		}
		if (!connection.clientEvents().tryUse(clock.millis())) {
			return Mono.error(new ClientEventRejected(connection.clientEvents().perSecond()));
		}
		String userId = membership.member() == null ? null : membership.member().userId();
		return registry.publish(connection.app().id(), channel,
				Frames.clientEvent(message.event(), channel, data, userId), connection.socketId())
			.then(Mono.defer(() -> channelEvents.clientEvent(connection.app().id(), channel, message.event(), data,
					connection.socketId(), userId)));
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
			throw new SubscriptionRefused(channel.value(), 400, "channel_data for " + channel.value()
					+ " must be a JSON object with a user_id");
		}
		JsonNode userId = parsed.get("user_id");
		String id = userId == null ? null
				: userId.isString() ? userId.stringValue() : userId.isIntegralNumber() ? userId.asString() : null;
		if (id == null || id.isEmpty()) {
			throw new SubscriptionRefused(channel.value(), 400, "channel_data for " + channel.value()
					+ " must contain a user_id (string or integer)");
		}
		if (id.length() > MAX_USER_ID_LENGTH) {
			throw new SubscriptionRefused(channel.value(), 400, "user_id is limited to " + MAX_USER_ID_LENGTH + " characters");
		}
		JsonNode userInfo = parsed.get("user_info");
		if (userInfo != null && !userInfo.isNull()) {
			if (!userInfo.isObject()) {
				throw new SubscriptionRefused(channel.value(), 400,
						"user_info supplied to presence subscription is invalid - if supplied it must be a JSON object");
			}
			if (Frames.write(userInfo).getBytes(StandardCharsets.UTF_8).length > MAX_USER_INFO_BYTES) {
				throw new SubscriptionRefused(channel.value(), 400, "user_info is limited to " + MAX_USER_INFO_BYTES + " bytes");
			}
		}
		return new PresenceMember(id, userInfo == null || userInfo.isNull() ? null : userInfo);
	}

}

package com.staffchat.realtime.transport;

import java.net.URI;

import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.protocol.Connection;
import com.staffchat.realtime.protocol.InvalidMessage;
import com.staffchat.realtime.protocol.PusherError;
import com.staffchat.realtime.protocol.PusherEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Serves {@code /app/{key}}: opens a protocol connection, hands it every text frame in order, and
 * cleans up (leaving channels, telling presence channels) when the socket ends, however it ends.
 */
final class PusherWebSocketHandler implements WebSocketHandler {

	static final String PATH_PREFIX = "/app/";

	private static final Logger log = LoggerFactory.getLogger(PusherWebSocketHandler.class);

	private final PusherEventHandler protocol;

	private final LivenessMonitor liveness;

	private final int outboundQueueFrames;

	PusherWebSocketHandler(PusherEventHandler protocol, LivenessMonitor liveness, RealtimeProperties properties) {
		this.protocol = protocol;
		this.liveness = liveness;
		this.outboundQueueFrames = properties.outboundQueueFrames();
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		URI uri = session.getHandshakeInfo().getUri();
		String key = appKey(uri);
		var query = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
		WebSocketOutbound outbound = new WebSocketOutbound(session, outboundQueueFrames);
		Connection connection;
		try {
			connection = protocol.open(key, query.getFirst("protocol"), query.getFirst("version"), outbound);
		}
		catch (PusherError refused) {
			refused.deliverTo(outbound);
			return outbound.writes();
		}
		liveness.track(outbound);
		Mono<Void> inbound = session.receive()
			.doOnNext(message -> outbound.heard())
			.filter(message -> message.getType() != WebSocketMessage.Type.PING
					&& message.getType() != WebSocketMessage.Type.PONG)
			.concatMap(message -> message.getType() == WebSocketMessage.Type.TEXT
					? protocol.onMessage(connection, message.getPayloadAsText())
					: Mono.fromRunnable(() -> connection.fail(new InvalidMessage("Binary frames are not supported"))))
			.then();
		// Ends when the client's side ends; if the server closes first, waits for the closing handshake.
		return Mono.firstWithSignal(inbound, outbound.writes().then(Mono.never()))
			.onErrorResume(error -> {
				log.debug("WebSocket {} ended with an error", connection.socketId(), error);
				return Mono.empty();
			})
			.then(Mono.defer(() -> protocol.onClose(connection)))
			.doFinally(signal -> liveness.untrack(outbound));
	}

	private static String appKey(URI uri) {
		String path = uri.getPath();
		return path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
	}

}

package com.staffchat.realtime.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;

import com.staffchat.realtime.protocol.OverCapacity;
import com.staffchat.realtime.protocol.Outbound;
import com.staffchat.realtime.protocol.PongNotReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The way out to one WebSocket client: a bounded queue of frames drained by the session. When the
 * queue is full the client is too slow, and the connection is closed with 4100 rather than letting
 * memory grow. Also tracks when the client was last heard from, for liveness checks.
 */
final class WebSocketOutbound implements Outbound {

	private static final Logger log = LoggerFactory.getLogger(WebSocketOutbound.class);

	/** A queued request for a WebSocket ping frame (everything else queued is a text frame). */
	private static final Object PING = new Object();

	/** How long a slow client gets to take the close frame before its TCP connection is dropped. */
	private static final Duration FORCED_CLOSE_DELAY = Duration.ofSeconds(5);

	private static final int MAX_CLOSE_REASON_BYTES = 123;

	private final WebSocketSession session;

	private final int capacity;

	private final Sinks.Many<Object> queue;

	private volatile CloseStatus closing;

	private volatile long lastHeardNanos = System.nanoTime();

	private volatile boolean pinged;

	WebSocketOutbound(WebSocketSession session, int capacity) {
		this.session = session;
		this.capacity = capacity;
		// Emission is serialised by synchronising on this object, so the unsafe (non-serialising) sink is safe.
		this.queue = Sinks.unsafe().many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
	}

	@Override
	public boolean send(String frame) {
		return enqueue(frame);
	}

	@Override
	public void close(int code, String reason) {
		synchronized (this) {
			if (closing != null) {
				return;
			}
			closing = new CloseStatus(code, closeReason(reason));
			queue.tryEmitComplete();
		}
	}

	/** Sends queued frames until the queue completes, then the close frame if the server is the one closing. */
	Mono<Void> writes() {
		return session
			.send(queue.asFlux().map(item -> item == PING ? session.pingMessage(factory -> factory.wrap(new byte[0]))
					: session.textMessage((String) item)))
			.then(Mono.defer(() -> closing == null ? Mono.empty() : session.close(closing)));
	}

	/** Records that the client sent something (any frame, including WebSocket pongs). */
	void heard() {
		lastHeardNanos = System.nanoTime();
		pinged = false;
	}

	/** Pings a client silent for {@code activityTimeout}, and closes with 4201 one silent for {@code pongTimeout} more. */
	void checkLiveness(long nowNanos, Duration activityTimeout, Duration pongTimeout) {
		long silentNanos = nowNanos - lastHeardNanos;
		if (silentNanos >= activityTimeout.plus(pongTimeout).toNanos()) {
			new PongNotReceived().deliverTo(this);
		}
		else if (silentNanos >= activityTimeout.toNanos() && !pinged) {
			pinged = true;
			enqueue(PING);
		}
	}

	private boolean enqueue(Object item) {
		Sinks.EmitResult result;
		synchronized (this) {
			if (closing != null) {
				return false;
			}
			result = queue.tryEmitNext(item);
		}
		if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
			closeSlowConsumer();
			return false;
		}
		return result.isSuccess();
	}

	/**
	 * The queue is full, so the client is not reading: close now with 4100 instead of after the
	 * backlog, and drop the TCP connection if even the close frame cannot get through.
	 */
	private void closeSlowConsumer() {
		CloseStatus status;
		synchronized (this) {
			if (closing != null) {
				return;
			}
			OverCapacity error = new OverCapacity(capacity);
			status = new CloseStatus(error.closeCode().getAsInt(), closeReason(error.getMessage()));
			closing = status;
		}
		log.info("Closing slow WebSocket connection {}: {} frames queued", session.getId(), capacity);
		session.close(status)
			.then(Mono.delay(FORCED_CLOSE_DELAY, Schedulers.parallel()))
			.subscribe(ignored -> dropTcpConnection(), error -> dropTcpConnection());
	}

	private void dropTcpConnection() {
		if (session.isOpen() && session.getAttributes().get(NettyConnectionCapture.ATTRIBUTE) instanceof Disposable connection) {
			connection.dispose();
		}
	}

	/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
	private static String closeReason(String reason) {
		String result = reason == null ? "" : reason;
		while (result.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

}

package com.staffchat.realtime.transport;

import com.staffchat.realtime.ops.DeliveryTiming;
import com.staffchat.realtime.ops.RealtimeMetrics;
import com.staffchat.realtime.protocol.Outbound;
import com.staffchat.realtime.protocol.OverCapacity;
import com.staffchat.realtime.protocol.PongNotReceived;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

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

    private static final int QUEUE_CHUNK = 8;

    private final WebSocketSession session;

    private final int capacity;

    private final Sinks.Many<Object> queue;

    /** Frames emitted into the queue and not yet taken by the session. */
    private final AtomicInteger queued = new AtomicInteger();

    private volatile CloseStatus closing;

    private volatile long lastHeardNanos = System.nanoTime();

    private volatile boolean pinged;

    private volatile RealtimeMetrics.AppMeters meters;

    WebSocketOutbound(WebSocketSession session, int capacity) {
        this.session = session;
        this.capacity = capacity;
        // Emission is serialised by synchronising on this object, so the unsafe (non-serialising) sink is safe.
        // The queue grows in small chunks as needed (most connections hold nothing most of the time);
        // "queued" bounds it.
        this.queue = Sinks.unsafe()
                .many()
                .unicast()
                .onBackpressureBuffer(Queues.<Object>unbounded(QUEUE_CHUNK).get());
    }

    @Override
    public boolean send(String frame) {
        byte[] bytes = SharedEncoding.utf8(frame);
        long stamp = DeliveryTiming.currentStamp();
        return enqueue(stamp == DeliveryTiming.NONE ? bytes : new StampedFrame(bytes, stamp));
    }

    /** Counts this connection's frames and deliveries under its app, once the app is known. */
    void meter(RealtimeMetrics.AppMeters appMeters) {
        this.meters = appMeters;
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
        return session.send(queue.asFlux().map(this::message))
                .then(Mono.defer(() -> closing == null ? Mono.empty() : session.close(closing)));
    }

    private WebSocketMessage message(Object item) {
        queued.decrementAndGet();
        if (item == PING) {
            return session.pingMessage(factory -> factory.wrap(new byte[0]));
        }
        RealtimeMetrics.AppMeters appMeters = meters;
        byte[] bytes;
        if (item instanceof StampedFrame stamped) {
            bytes = stamped.bytes();
            if (appMeters != null) {
                appMeters.delivered(System.nanoTime() - stamped.acceptedAtNanos());
            }
        } else {
            bytes = (byte[]) item;
        }
        if (appMeters != null) {
            appMeters.written();
        }
        // Wrapping shares the array: a frame fanned out to many connections is encoded once.
        return new WebSocketMessage(
                WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(bytes));
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
        } else if (silentNanos >= activityTimeout.toNanos() && !pinged) {
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
            if (queued.get() >= capacity) {
                result = Sinks.EmitResult.FAIL_OVERFLOW;
            } else {
                // Counted before emitting: the session may take the frame (and count it out) inside tryEmitNext.
                queued.incrementAndGet();
                result = queue.tryEmitNext(item);
                if (!result.isSuccess()) {
                    queued.decrementAndGet();
                }
            }
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
        RealtimeMetrics.AppMeters appMeters = meters;
        if (appMeters != null) {
            appMeters.slowConsumerDropped();
        }
        session.close(status)
                .then(Mono.delay(FORCED_CLOSE_DELAY, Schedulers.parallel()))
                .subscribe(ignored -> dropTcpConnection(), error -> dropTcpConnection());
    }

    private void dropTcpConnection() {
        if (session.isOpen()
                && session.getAttributes().get(NettyConnectionCapture.ATTRIBUTE) instanceof Disposable connection) {
            connection.dispose();
        }
    }

    /** A frame from an HTTP API publish, with the request's arrival time for the latency histogram. */
    private record StampedFrame(byte[] bytes, long acceptedAtNanos) {}

    /** WebSocket close reasons are limited to 123 bytes of UTF-8. */
    private static String closeReason(String reason) {
        String result = reason == null ? "" : reason;
        while (result.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}

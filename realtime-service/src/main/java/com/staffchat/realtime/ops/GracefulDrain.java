package com.staffchat.realtime.ops;

import com.staffchat.realtime.protocol.ReconnectImmediately;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Leaves without a reconnection storm. On shutdown, before the web server stops (this lifecycle has
 * the highest phase, so it stops first): readiness goes to {@code REFUSING_TRAFFIC}, new WebSocket
 * handshakes are refused (503), then the open connections, in random order, are closed with 4200 in
 * equal batches spread over the drain window. pusher-js and pusher-java-client reconnect at once on
 * 4200, so their reconnections arrive at the other nodes spread over the window, not in one second.
 */
public final class GracefulDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

    private final OpenConnections connections;

    private final ApplicationEventPublisher events;

    private final Duration window;

    private final Duration batchInterval;

    private volatile boolean running;

    private volatile boolean draining;

    public GracefulDrain(OpenConnections connections, ApplicationEventPublisher events, ShutdownProperties properties) {
        this.connections = connections;
        this.events = events;
        this.window = properties.drainWindow();
        this.batchInterval = properties.batchInterval();
    }

    /** Whether the node is draining, so new connections must be refused. */
    public boolean isDraining() {
        return draining;
    }

    @Override
    public void start() {
        // Also a restart after a stop without close (test contexts are paused between test classes).
        draining = false;
        running = true;
    }

    /** Starts the drain without waiting for it (Spring calls {@link #stop(Runnable)} and waits). */
    @Override
    public void stop() {
        stop(() -> {});
    }

    @Override
    public void stop(Runnable done) {
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        List<OpenConnections.Slot> open = connections.all();
        Collections.shuffle(open, ThreadLocalRandom.current());
        int batches = (int) Math.max(1, window.toNanos() / batchInterval.toNanos());
        int size = open.size();
        log.info("Draining {} connections in {} batches over {}", size, batches, window);
        if (size == 0) {
            finish(done);
            return;
        }
        // Batch b closes connections [b*size/batches, (b+1)*size/batches): the first right away, the last one interval
        // before the window ends.
        Flux.range(0, batches)
                .delayUntil(batch -> batch == 0
                        ? Flux.empty()
                        : Flux.interval(batchInterval, Schedulers.parallel()).take(1))
                .doOnNext(batch -> {
                    int from = (int) ((long) batch * size / batches);
                    int to = (int) ((long) (batch + 1) * size / batches);
                    for (int i = from; i < to; i++) {
                        new ReconnectImmediately("Server shutting down: reconnect")
                                .deliverTo(open.get(i).outbound());
                    }
                })
                .doFinally(signal -> finish(done))
                .subscribe();
    }

    private void finish(Runnable done) {
        running = false;
        done.run();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}

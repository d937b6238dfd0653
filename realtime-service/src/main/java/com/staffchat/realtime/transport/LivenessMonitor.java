package com.staffchat.realtime.transport;

import com.staffchat.realtime.app.RealtimeProperties;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * One timer for all connections (not one per connection): pings those silent for the activity
 * timeout with a WebSocket ping frame, and closes those still silent a pong timeout later (4201).
 * pusher-java-client answers WebSocket pings but not {@code pusher:ping}, so the server never relies on the latter.
 */
final class LivenessMonitor implements SmartLifecycle {

    private final Set<WebSocketOutbound> connections = ConcurrentHashMap.newKeySet();

    private final Duration activityTimeout;

    private final Duration pongTimeout;

    private final Duration checkEvery;

    private volatile Disposable timer;

    LivenessMonitor(RealtimeProperties properties) {
        this.activityTimeout = properties.activityTimeout();
        this.pongTimeout = properties.pongTimeout();
        Duration shorter = activityTimeout.compareTo(pongTimeout) < 0 ? activityTimeout : pongTimeout;
        Duration third = shorter.dividedBy(3);
        this.checkEvery = third.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : third;
    }

    void track(WebSocketOutbound connection) {
        connections.add(connection);
    }

    void untrack(WebSocketOutbound connection) {
        connections.remove(connection);
    }

    int size() {
        return connections.size();
    }

    @Override
    public void start() {
        timer = Flux.interval(checkEvery, Schedulers.parallel()).subscribe(tick -> {
            long now = System.nanoTime();
            connections.forEach(connection -> connection.checkLiveness(now, activityTimeout, pongTimeout));
        });
    }

    @Override
    public void stop() {
        Disposable running = timer;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = timer;
        return running != null && !running.isDisposed();
    }
}

package com.staffchat.realtime.ops;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppLimits;
import com.staffchat.realtime.protocol.Connection;
import com.staffchat.realtime.protocol.Outbound;
import com.staffchat.realtime.protocol.PusherError;
import io.micrometer.core.instrument.Gauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket connections open on this node, per app: enforces each app's connection quota,
 * reports connections and subscriptions as gauges, and lets operations close an app's connections
 * (app withdrawn) or every connection (drain).
 */
public final class OpenConnections {

    private final RealtimeMetrics metrics;

    private final Map<String, AppConnections> byApp = new ConcurrentHashMap<>();

    private final AtomicInteger total = new AtomicInteger();

    public OpenConnections(RealtimeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Takes a place for a new connection of {@code app}, or null when the app is at its quota. */
    public Slot tryOpen(App app, Outbound outbound) {
        AppConnections connections = byApp.computeIfAbsent(app.id(), this::register);
        int max = app.limits().maxConnections();
        int now = connections.count.incrementAndGet();
        if (max != AppLimits.UNLIMITED && now > max) {
            connections.count.decrementAndGet();
            return null;
        }
        total.incrementAndGet();
        Slot slot = new Slot(app, outbound, connections);
        connections.slots.add(slot);
        return slot;
    }

    /** Connections open on this node. */
    public int size() {
        return total.get();
    }

    /** Connections of one app open on this node. */
    public int size(String appId) {
        AppConnections connections = byApp.get(appId);
        return connections == null ? 0 : connections.count.get();
    }

    /** Every open connection, in no particular order. */
    public List<Slot> all() {
        List<Slot> all = new ArrayList<>(total.get());
        byApp.values().forEach(connections -> all.addAll(connections.slots));
        return all;
    }

    /** Sends {@code error} to, and so closes, every connection opened with this app's key. */
    public int close(App app, PusherError error) {
        AppConnections connections = byApp.get(app.id());
        if (connections == null) {
            return 0;
        }
        int closed = 0;
        for (Slot slot : connections.slots) {
            if (slot.app().key().equals(app.key())) {
                error.deliverTo(slot.outbound());
                closed++;
            }
        }
        return closed;
    }

    private AppConnections register(String appId) {
        AppConnections connections = new AppConnections();
        Gauge.builder("staffchat.realtime.connections", connections, c -> c.count.get())
                .description("Open WebSocket connections on this node")
                .tag("app", appId)
                .register(metrics.registry());
        Gauge.builder("staffchat.realtime.subscriptions", connections, AppConnections::subscriptions)
                .description("Channel subscriptions of the open WebSocket connections on this node")
                .tag("app", appId)
                .register(metrics.registry());
        return connections;
    }

    private static final class AppConnections {

        private final AtomicInteger count = new AtomicInteger();

        private final Set<Slot> slots = ConcurrentHashMap.newKeySet();

        /** Summed when scraped, so subscribing costs nothing extra. */
        double subscriptions() {
            long sum = 0;
            for (Slot slot : slots) {
                Connection connection = slot.connection;
                if (connection != null) {
                    sum += connection.subscriptionCount();
                }
            }
            return sum;
        }
    }

    /** One open connection's place; release it exactly once, when the connection ends. */
    public final class Slot {

        private final App app;

        private final Outbound outbound;

        private final AppConnections owner;

        private volatile Connection connection;

        private boolean released;

        private Slot(App app, Outbound outbound, AppConnections owner) {
            this.app = app;
            this.outbound = outbound;
            this.owner = owner;
        }

        public App app() {
            return app;
        }

        public Outbound outbound() {
            return outbound;
        }

        /** The protocol connection, once opened (for the subscriptions gauge). */
        public void attach(Connection opened) {
            this.connection = opened;
        }

        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            owner.slots.remove(this);
            owner.count.decrementAndGet();
            total.decrementAndGet();
        }
    }
}

package com.staffchat.realtime.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's meters, labelled by app id. Label values are bounded: {@code app} is an app this
 * server serves (or {@code unknown}, never a value taken from a request), {@code reason} one of
 * {@link Rejection}, {@code source} {@code websocket} or {@code api}.
 */
public final class RealtimeMetrics {

    /** The {@code app} label of requests and connections that named no app we serve. */
    public static final String UNKNOWN_APP = "unknown";

    private final MeterRegistry registry;

    private final Map<String, AppMeters> apps = new ConcurrentHashMap<>();

    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The meters of one app, created on first use. */
    public AppMeters app(String appId) {
        return apps.computeIfAbsent(appId, id -> new AppMeters(registry, id));
    }

    /** Counts one refused connection or request. */
    public void rejected(String appId, Rejection reason) {
        rejections
                .computeIfAbsent(
                        appId + '\n' + reason.label(), ignored -> Counter.builder("staffchat.realtime.rejected")
                                .description("Connections and HTTP API requests refused, by reason")
                                .tag("app", appId)
                                .tag("reason", reason.label())
                                .register(registry))
                .increment();
    }

    /** The counters and the latency histogram of one app. Increments are cheap enough for every frame. */
    public static final class AppMeters {

        private final Counter websocketIn;

        private final Counter apiIn;

        private final Counter out;

        private final Counter slowConsumersDropped;

        private final Timer deliveryLatency;

        AppMeters(MeterRegistry registry, String appId) {
            this.websocketIn = Counter.builder("staffchat.realtime.messages.in")
                    .description("Messages received: frames from WebSocket clients, accepted HTTP API requests")
                    .tag("app", appId)
                    .tag("source", "websocket")
                    .register(registry);
            this.apiIn = Counter.builder("staffchat.realtime.messages.in")
                    .description("Messages received: frames from WebSocket clients, accepted HTTP API requests")
                    .tag("app", appId)
                    .tag("source", "api")
                    .register(registry);
            this.out = Counter.builder("staffchat.realtime.messages.out")
                    .description("Frames written to WebSocket clients")
                    .tag("app", appId)
                    .register(registry);
            this.slowConsumersDropped = Counter.builder("staffchat.realtime.slow.consumers.dropped")
                    .description("Connections closed with 4100 because their outbound queue was full")
                    .tag("app", appId)
                    .register(registry);
            this.deliveryLatency = Timer.builder("staffchat.realtime.delivery.latency")
                    .description("From an HTTP API request's arrival to its event frame being written to a client")
                    .tag("app", appId)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
        }

        public void receivedFromWebSocket() {
            websocketIn.increment();
        }

        public void receivedFromApi() {
            apiIn.increment();
        }

        public void written() {
            out.increment();
        }

        public void slowConsumerDropped() {
            slowConsumersDropped.increment();
        }

        public void delivered(long latencyNanos) {
            deliveryLatency.record(Duration.ofNanos(latencyNanos));
        }
    }
}

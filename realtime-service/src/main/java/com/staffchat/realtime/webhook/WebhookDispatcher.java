package com.staffchat.realtime.webhook;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.fleet.ChannelEvent;
import com.staffchat.realtime.fleet.FleetEventStream;
import com.staffchat.realtime.fleet.FleetNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the fleet's channel events to each app's webhooks, as Pusher does: a POST of
 * {@code {"time_ms":..,"events":[..]}} with {@code X-Pusher-Key} and {@code X-Pusher-Signature},
 * several events per POST when several are waiting, retried with exponential back-off for
 * {@code give-up-after} (5 minutes) on any non-2xx answer or error. Events are acknowledged in the
 * stream only once every webhook of the app has them (or was given up on), so a node that dies
 * mid-way leaves them to another node: delivery is at least once.
 */
final class WebhookDispatcher implements SmartLifecycle {

    static final String GROUP = "webhooks";

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FleetEventStream stream;

    private final WebhookProperties properties;

    private final AppDirectory apps;

    private final WebClient client;

    private final MeterRegistry meters;

    private final Duration pollInterval;

    private volatile Disposable running;

    WebhookDispatcher(
            FleetEventStream stream,
            WebhookProperties properties,
            AppDirectory apps,
            WebClient client,
            MeterRegistry meters,
            Duration pollInterval) {
        this.stream = stream;
        this.properties = properties;
        this.apps = apps;
        this.client = client;
        this.meters = meters;
        this.pollInterval = pollInterval;
    }

    @Override
    public void start() {
        // At most max-batches-in-flight batches are sent (or retried) at once; while that many are
        // under way, the stream is not read (ticks are dropped).
        running = Flux.interval(pollInterval, pollInterval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(
                        tick -> stream.take(GROUP, properties.webhookDelivery().maxBatchEvents())
                                .onErrorResume(error -> {
                                    log.warn("Reading webhook events failed: {}", error.toString());
                                    return Mono.empty();
                                }),
                        1)
                .filter(events -> !events.isEmpty())
                .flatMap(this::deliver, properties.webhookDelivery().maxBatchesInFlight(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        // Batches not yet acknowledged stay pending in the stream; another node takes them over.
        Disposable current = running;
        running = null;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public int getPhase() {
        return FleetNode.PHASE + 1;
    }

    private Mono<Void> deliver(List<ChannelEvent> events) {
        Map<String, List<ChannelEvent>> byApp = new LinkedHashMap<>();
        events.forEach(event ->
                byApp.computeIfAbsent(event.appId(), id -> new ArrayList<>()).add(event));
        List<String> ids = events.stream().map(ChannelEvent::id).toList();
        return Flux.fromIterable(byApp.entrySet())
                .flatMap(entry -> deliver(entry.getKey(), entry.getValue()))
                .then(Mono.defer(() -> stream.acknowledge(GROUP, ids)))
                .onErrorResume(error -> {
                    log.warn("Webhook batch not acknowledged, it will be retried: {}", error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> deliver(String appId, List<ChannelEvent> events) {
        App app = apps.byId(appId).orElse(null);
        if (app == null) {
            return Mono.empty();
        }
        return Flux.fromIterable(properties.webhooksOf(appId))
                .flatMap(webhook -> {
                    List<ChannelEvent> wanted = events.stream()
                            .filter(event -> webhook.receives(event.name()))
                            .toList();
                    return wanted.isEmpty() ? Mono.empty() : post(app, webhook, wanted);
                })
                .then();
    }

    private Mono<Void> post(App app, WebhookProperties.Webhook webhook, List<ChannelEvent> events) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("time_ms", System.currentTimeMillis());
        ArrayNode array = payload.putArray("events");
        events.forEach(event -> array.add(event.event()));
        byte[] body = JSON.writeValueAsBytes(payload);
        String signature = WebhookSignature.sign(app.secret(), body);
        WebhookProperties.Delivery delivery = properties.webhookDelivery();
        Mono<Void> attempt = Mono.defer(() -> client.post()
                .uri(webhook.url())
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Pusher-Key", app.key())
                .header("X-Pusher-Signature", signature)
                .bodyValue(body)
                .retrieve()
                .toBodilessEntity()
                .timeout(delivery.requestTimeout())
                .doOnSuccess(response -> requests("success").increment())
                .doOnError(error -> requests("failure").increment())
                .then());
        return attempt.retryWhen(
                        Retry.backoff(Long.MAX_VALUE, delivery.initialBackoff()).maxBackoff(delivery.maxBackoff()))
                .timeout(delivery.giveUpAfter())
                .doOnSuccess(done -> events.forEach(
                        event -> events("delivered", event.name()).increment()))
                .onErrorResume(error -> {
                    log.warn(
                            "Webhook {} for app {} given up after {}: {} events dropped ({})",
                            webhook.url(),
                            app.id(),
                            delivery.giveUpAfter(),
                            events.size(),
                            error.toString());
                    events.forEach(event -> events("dropped", event.name()).increment());
                    return Mono.empty();
                });
    }

    private Counter requests(String outcome) {
        return Counter.builder("staffchat.realtime.webhook.requests")
                .description("Webhook POSTs by outcome (failure: non-2xx answer, error or timeout)")
                .tag("outcome", outcome)
                .register(meters);
    }

    private Counter events(String outcome, String eventName) {
        return Counter.builder("staffchat.realtime.webhook.events")
                .description("Webhook events by outcome (delivered, or dropped after retrying for give-up-after)")
                .tag("outcome", outcome)
                .tag("event", WebhookEventType.ALL.contains(eventName) ? eventName : "other")
                .register(meters);
    }
}

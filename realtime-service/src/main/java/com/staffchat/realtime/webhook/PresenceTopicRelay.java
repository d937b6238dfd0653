package com.staffchat.realtime.webhook;

import com.staffchat.realtime.fleet.ChannelEvent;
import com.staffchat.realtime.fleet.FleetEventStream;
import com.staffchat.realtime.fleet.FleetNode;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes the fleet's channel events to a Kafka topic (keyed by channel), for services that want
 * presence and occupancy without a webhook. Each record is the webhook event object plus
 * {@code id} (idempotency key), {@code app_id} and {@code time_ms}. One node at a time relays (a
 * role held in Redis, renewed while the node lives), one event after the other, so the topic keeps
 * the order in which events were recorded. Sends are retried until Kafka takes them; the stream
 * entries are acknowledged only after.
 */
final class PresenceTopicRelay implements SmartLifecycle {

    static final String GROUP = "presence-topic";

    private static final Logger log = LoggerFactory.getLogger(PresenceTopicRelay.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FleetEventStream stream;

    private final KafkaTemplate<String, String> kafka;

    private final String topic;

    private final Duration pollInterval;

    private final Duration leadership;

    private volatile Disposable.Composite running;

    private volatile boolean leading;

    /**
     * @param leadership how long the relay role outlives its holder; at least the lease TTL, so that
     * a successor first takes over the events the dead holder had taken, then new ones
     */
    PresenceTopicRelay(
            FleetEventStream stream,
            KafkaTemplate<String, String> kafka,
            String topic,
            Duration pollInterval,
            Duration leadership) {
        this.stream = stream;
        this.kafka = kafka;
        this.topic = topic;
        this.pollInterval = pollInterval;
        this.leadership = leadership;
    }

    /** The record value for one event. */
    static String value(ChannelEvent event) {
        ObjectNode value = JSON.createObjectNode();
        value.put("id", event.id());
        value.put("app_id", event.appId());
        value.put("time_ms", event.timeMs());
        value.setAll(event.event());
        return JSON.writeValueAsString(value);
    }

    @Override
    public void start() {
        Disposable.Composite tasks = Disposables.composite();
        Duration renewal = leadership.dividedBy(3);
        tasks.add(Flux.interval(Duration.ZERO, renewal, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> stream.lead(GROUP, leadership).onErrorReturn(false), 1)
                .subscribe(held -> leading = held));
        tasks.add(Flux.interval(pollInterval, pollInterval, Schedulers.parallel())
                .onBackpressureDrop()
                .filter(tick -> leading)
                .concatMap(
                        tick -> relay().onErrorResume(error -> {
                            log.warn("Relaying channel events to {} failed: {}", topic, error.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe());
        running = tasks;
    }

    @Override
    public void stop() {
        Disposable current = running;
        running = null;
        leading = false;
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

    private Mono<Void> relay() {
        return stream.take(GROUP, 100).flatMap(events -> Flux.fromIterable(events)
                .concatMap(this::send)
                .then(stream.acknowledge(
                        GROUP, events.stream().map(ChannelEvent::id).toList())));
    }

    private Mono<Void> send(ChannelEvent event) {
        return Mono.fromFuture(() -> kafka.send(topic, event.channel(), value(event)))
                .subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(retry -> log.warn(
                                "Kafka send to {} failed, retrying: {}",
                                topic,
                                retry.failure().toString())))
                .then();
    }
}

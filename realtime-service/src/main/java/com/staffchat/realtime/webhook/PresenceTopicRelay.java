package com.staffchat.realtime.webhook;

import java.time.Duration;

import com.staffchat.realtime.fleet.ChannelEvent;
import com.staffchat.realtime.fleet.FleetEventStream;
import com.staffchat.realtime.fleet.FleetNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the fleet's channel events to a Kafka topic (keyed by channel, so one channel's events
 * stay in order), for services that want presence and occupancy without a webhook. Each record is
 * the webhook event object plus {@code id} (idempotency key), {@code app_id} and {@code time_ms}.
 * Sends are retried until Kafka takes them; the stream entries are acknowledged only after.
 */
final class PresenceTopicRelay implements SmartLifecycle {

	static final String GROUP = "presence-topic";

	private static final Logger log = LoggerFactory.getLogger(PresenceTopicRelay.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FleetEventStream stream;

	private final KafkaTemplate<String, String> kafka;

	private final String topic;

	private final Duration pollInterval;

	private volatile Disposable running;

	PresenceTopicRelay(FleetEventStream stream, KafkaTemplate<String, String> kafka, String topic,
			Duration pollInterval) {
		this.stream = stream;
		this.kafka = kafka;
		this.topic = topic;
		this.pollInterval = pollInterval;
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
		running = Flux.interval(pollInterval, pollInterval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap(tick -> relay().onErrorResume(error -> {
				log.warn("Relaying channel events to {} failed: {}", topic, error.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
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

	private Mono<Void> relay() {
		return stream.take(GROUP, 100).flatMap(events -> Flux.fromIterable(events)
			.concatMap(this::send)
			.then(stream.acknowledge(GROUP, events.stream().map(ChannelEvent::id).toList())));
	}

	private Mono<Void> send(ChannelEvent event) {
		return Mono.fromFuture(() -> kafka.send(topic, event.channel(), value(event)))
			.subscribeOn(Schedulers.boundedElastic())
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry(retry -> log.warn("Kafka send to {} failed, retrying: {}", topic,
						retry.failure().toString())))
			.then();
	}


}

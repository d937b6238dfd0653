package com.staffchat.realtime.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The durable stream of channel events (a Redis stream). The node whose atomic transition caused
 * an event records it; readers (webhooks, Kafka) each form a consumer group in which every node is
 * a consumer. An event stays pending until its reader acknowledges it, and entries pending with a
 * node whose lease expired are taken over by the next node that reads, so an event is not lost
 * when the node that took it dies before sending it.
 */
public final class FleetEventStream {

    private final ReactiveStringRedisTemplate redis;

    private final FleetKeys keys;

    private final Supplier<String> consumer;

    private final long maxLength;

    /**
     * @param consumer this node's name in consumer groups: its current lease
     * ({@link FleetState#lease()}), so that entries it holds are taken over only once its lease expired
     */
    public FleetEventStream(ReactiveStringRedisTemplate redis, FleetProperties properties, Supplier<String> consumer) {
        this.redis = redis;
        this.keys = new FleetKeys(properties.keyPrefix());
        this.consumer = consumer;
        this.maxLength = properties.eventStreamMaxLength();
    }

    /** Records an event (client_event, cache_miss) for an app; answers its id. */
    public Mono<String> record(String appId, ObjectNode event) {
        return redis.execute(
                        FleetScripts.RECORD,
                        List.of(keys.events()),
                        List.of(String.valueOf(maxLength), appId, FleetState.JSON.writeValueAsString(event)))
                .single();
    }

    /**
     * Takes up to {@code max} events for this node in {@code group}: first those left pending by
     * dead nodes, then new ones. They stay pending until {@link #acknowledge}d.
     */
    public Mono<List<ChannelEvent>> take(String group, int max) {
        return redis.execute(
                        FleetScripts.TAKE,
                        List.of(keys.events()),
                        List.of(
                                group,
                                consumer.get(),
                                String.valueOf(max),
                                keys.heartbeatPrefix(),
                                keys.heartbeatSuffix()))
                .single()
                .map(FleetEventStream::events);
    }

    /**
     * Acknowledges events. Retried a few times: an event left unacknowledged by a live node stays
     * pending until that node's lease expires.
     */
    public Mono<Void> acknowledge(String group, List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return redis.opsForStream()
                .acknowledge(keys.events(), group, ids.toArray(String[]::new))
                .retryWhen(Retry.backoff(5, Duration.ofMillis(200)))
                .then();
    }

    /**
     * Takes or keeps a role that one node at a time holds (for a reader that must keep the stream's
     * order, such as the Kafka relay). Answers whether this node holds it for the next {@code ttl}.
     */
    public Mono<Boolean> lead(String role, Duration ttl) {
        return redis.execute(
                        FleetScripts.LEAD,
                        List.of(keys.role(role)),
                        List.of(consumer.get(), String.valueOf(ttl.toMillis())))
                .single()
                .map(held -> held == 1L);
    }

    private static List<ChannelEvent> events(String json) {
        JsonNode rows = FleetState.JSON.readTree(json);
        List<ChannelEvent> events = new ArrayList<>();
        if (!rows.isArray()) {
            return events;
        }
        for (JsonNode row : rows) {
            String appId = null;
            long time = 0;
            ObjectNode event = null;
            for (int i = 1; i + 1 < row.size(); i += 2) {
                String value = row.get(i + 1).asString();
                switch (row.get(i).asString()) {
                    case "app" -> appId = value;
                    case "time" -> time = Long.parseLong(value);
                    case "event" -> event = (ObjectNode) FleetState.JSON.readTree(value);
                    default -> {}
                }
            }
            if (appId != null && event != null) {
                events.add(new ChannelEvent(row.get(0).asString(), appId, time, event));
            }
        }
        return events;
    }
}

package com.staffchat.realtime.api;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.ops.DeliveryTiming;
import com.staffchat.realtime.protocol.ChannelKind;
import com.staffchat.realtime.protocol.ChannelName;
import com.staffchat.realtime.protocol.ChannelRegistry;
import com.staffchat.realtime.protocol.ChannelRegistry.CachedEvent;
import com.staffchat.realtime.protocol.Frames;
import com.staffchat.realtime.protocol.ProtocolProperties;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Triggers events from app servers: {@code POST /apps/{appId}/events} (one event, up to 100
 * channels) and {@code POST /apps/{appId}/batch_events} (up to 10 events). Success is exactly
 * 200 with body {@code {}}, or, when {@code info} is given, {@code {"channels":{..}}} (events) or
 * {@code {"batch":[..]}} (batch). Events on cache channels are remembered for new subscribers.
 */
final class EventsApi {

    static final int MAX_EVENT_NAME_LENGTH = 200;

    private static final Pattern SOCKET_ID = Pattern.compile("\\d+\\.\\d+");

    private static final Set<String> INFO_ATTRIBUTES = Set.of("user_count", "subscription_count");

    private final SignedRequests requests;

    private final ChannelRegistry registry;

    private final RealtimeProperties limits;

    private final ProtocolProperties protocol;

    private final InstantSource clock;

    EventsApi(
            SignedRequests requests,
            ChannelRegistry registry,
            RealtimeProperties limits,
            ProtocolProperties protocol,
            InstantSource clock) {
        this.requests = requests;
        this.registry = registry;
        this.limits = limits;
        this.protocol = protocol;
        this.clock = clock;
    }

    Mono<ServerResponse> trigger(ServerRequest request) {
        String queryInfo = request.queryParam("info").orElse(null);
        return handle(request, body -> List.of(event(body, false, queryInfo)), false);
    }

    Mono<ServerResponse> triggerBatch(ServerRequest request) {
        return handle(request, this::batch, true);
    }

    private Mono<ServerResponse> handle(
            ServerRequest request, Function<JsonNode, List<TriggeredEvent>> reader, boolean batch) {
        long acceptedAt = System.nanoTime();
        return requests.handle(request, (app, body) -> {
            List<TriggeredEvent> events = reader.apply(parse(body));
            Mono<Void> published = DeliveryTiming.stamped(
                    acceptedAt,
                    Flux.fromIterable(events)
                            .concatMap(event -> publish(app, event))
                            .then());
            if (events.stream().noneMatch(event -> event.info().any())) {
                return published.then(SignedRequests.emptySuccess());
            }
            Mono<JsonNode> info = batch ? batchInfo(app, events) : channelsInfo(app, events.get(0));
            return published.then(info).flatMap(SignedRequests::success);
        });
    }

    private Mono<Void> publish(App app, TriggeredEvent event) {
        return Flux.fromIterable(event.channels())
                .concatMap(channel -> cache(app, event, channel)
                        .then(registry.publish(
                                app.id(),
                                channel.value(),
                                Frames.channelEvent(event.name(), channel.value(), event.data()),
                                event.socketId())))
                .then();
    }

    private Mono<Void> cache(App app, TriggeredEvent event, ChannelName channel) {
        if (!channel.cache()) {
            return Mono.empty();
        }
        return registry.cacheEvent(
                app.id(),
                channel.value(),
                new CachedEvent(event.name(), event.data(), clock.instant().plus(protocol.cacheTtl())));
    }

    /** {@code {"channels":{name:{attributes}}}} for the one event's channels. */
    private Mono<JsonNode> channelsInfo(App app, TriggeredEvent event) {
        Map<String, Mono<ObjectNode>> perChannel = new LinkedHashMap<>();
        event.channels()
                .forEach(channel -> perChannel.putIfAbsent(channel.value(), attributes(app, channel, event.info())));
        return Flux.fromIterable(perChannel.entrySet())
                .concatMap(entry -> entry.getValue().map(attributes -> Map.entry(entry.getKey(), attributes)))
                .collectList()
                .map(entries -> {
                    ObjectNode channels = SignedRequests.JSON.createObjectNode();
                    entries.forEach(entry -> channels.set(entry.getKey(), entry.getValue()));
                    ObjectNode root = SignedRequests.JSON.createObjectNode();
                    root.set("channels", channels);
                    return root;
                });
    }

    /** {@code {"batch":[{attributes}, ..]}}, one entry per event, in request order. */
    private Mono<JsonNode> batchInfo(App app, List<TriggeredEvent> events) {
        return Flux.fromIterable(events)
                .concatMap(event -> attributes(app, event.channels().get(0), event.info()))
                .collectList()
                .map(entries -> {
                    ArrayNode batch = SignedRequests.JSON.createArrayNode();
                    entries.forEach(batch::add);
                    ObjectNode root = SignedRequests.JSON.createObjectNode();
                    root.set("batch", batch);
                    return root;
                });
    }

    /** {@code user_count} for presence channels only; {@code subscription_count} for every channel. */
    private Mono<ObjectNode> attributes(App app, ChannelName channel, InfoAttributes info) {
        if (!info.any()) {
            return Mono.just(SignedRequests.JSON.createObjectNode());
        }
        return registry.channel(app.id(), channel.value()).map(counts -> {
            ObjectNode attributes = SignedRequests.JSON.createObjectNode();
            if (info.userCount() && channel.kind() == ChannelKind.PRESENCE) {
                attributes.put("user_count", counts.userCount());
            }
            if (info.subscriptionCount()) {
                attributes.put("subscription_count", counts.subscriptionCount());
            }
            return attributes;
        });
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiRefusal.invalid("Empty body: send the event as a JSON object");
        }
        try {
            JsonNode root = SignedRequests.JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiRefusal.invalid("Invalid JSON: the body must be a JSON object");
            }
            return root;
        } catch (JacksonException ex) {
            throw ApiRefusal.invalid("Invalid JSON: " + ex.getOriginalMessage());
        }
    }

    private List<TriggeredEvent> batch(JsonNode body) {
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            throw ApiRefusal.invalid("Missing batch: expected {\"batch\":[{\"channel\":..,\"name\":..,\"data\":..}]}");
        }
        if (batch.size() > limits.maxBatchSize()) {
            throw ApiRefusal.invalid("Batch too large: " + batch.size() + " events, at most " + limits.maxBatchSize());
        }
        List<TriggeredEvent> events = new ArrayList<>(batch.size());
        for (JsonNode event : batch) {
            events.add(event(event, true, null));
        }
        return events;
    }

    private TriggeredEvent event(JsonNode event, boolean inBatch, String queryInfo) {
        if (!event.isObject()) {
            throw ApiRefusal.invalid("Each event must be a JSON object");
        }
        String name = text(event, "name");
        if (name == null || name.isEmpty()) {
            throw ApiRefusal.invalid("Missing event name");
        }
        if (name.length() > MAX_EVENT_NAME_LENGTH) {
            throw ApiRefusal.invalid(
                    "Event name too long: " + name.length() + " characters, at most " + MAX_EVENT_NAME_LENGTH);
        }
        List<ChannelName> channels = channels(event, inBatch);
        JsonNode dataNode = event.get("data");
        if (dataNode == null || dataNode.isNull()) {
            throw ApiRefusal.invalid("Missing data");
        }
        String data = dataNode.isString() ? dataNode.stringValue() : SignedRequests.JSON.writeValueAsString(dataNode);
        int dataBytes = data.getBytes(StandardCharsets.UTF_8).length;
        if (dataBytes > limits.maxEventBytes()) {
            throw ApiRefusal.tooLarge(
                    "Event data too large: " + dataBytes + " bytes, the limit is " + limits.maxEventBytes() + " bytes");
        }
        String socketId = text(event, "socket_id");
        if (socketId != null && !SOCKET_ID.matcher(socketId).matches()) {
            throw ApiRefusal.invalid("Invalid socket_id '" + socketId + "': expected digits.digits");
        }
        String info = text(event, "info");
        InfoAttributes attributes = InfoAttributes.parse(info != null ? info : queryInfo, INFO_ATTRIBUTES);
        return new TriggeredEvent(name, channels, data, socketId, attributes);
    }

    private List<ChannelName> channels(JsonNode event, boolean inBatch) {
        List<String> names = new ArrayList<>();
        JsonNode channels = inBatch ? null : event.get("channels");
        if (channels != null && !channels.isNull()) {
            if (!channels.isArray()) {
                throw ApiRefusal.invalid("channels must be an array of channel names");
            }
            for (JsonNode channel : channels) {
                if (!channel.isString()) {
                    throw ApiRefusal.invalid("channels must be an array of channel names");
                }
                names.add(channel.stringValue());
            }
        } else {
            String channel = text(event, "channel");
            if (channel != null) {
                names.add(channel);
            }
        }
        if (names.isEmpty()) {
            throw ApiRefusal.invalid(inBatch ? "Missing channel" : "Missing channels: name at least one channel");
        }
        if (names.size() > limits.maxChannelsPerEvent()) {
            throw ApiRefusal.invalid(
                    "Too many channels: " + names.size() + ", at most " + limits.maxChannelsPerEvent() + " per event");
        }
        List<ChannelName> valid = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                valid.add(ChannelName.of(name));
            } catch (IllegalArgumentException ex) {
                throw ApiRefusal.invalid(ex.getMessage());
            }
        }
        return valid;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** One event to deliver. */
    private record TriggeredEvent(
            String name, List<ChannelName> channels, String data, String socketId, InfoAttributes info) {}
}

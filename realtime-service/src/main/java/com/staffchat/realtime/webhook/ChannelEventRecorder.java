package com.staffchat.realtime.webhook;

import com.staffchat.realtime.fleet.FleetEventStream;
import com.staffchat.realtime.protocol.ChannelEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records client events and cache misses in the fleet's event stream, when a webhook of the app
 * wants them or the Kafka topic is on. The node that relayed the client event records it, so each
 * is recorded once.
 */
final class ChannelEventRecorder implements ChannelEventListener {

    private static final Logger log = LoggerFactory.getLogger(ChannelEventRecorder.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FleetEventStream stream;

    private final WebhookProperties webhooks;

    private final boolean publishesTopic;

    ChannelEventRecorder(FleetEventStream stream, WebhookProperties webhooks, boolean publishesTopic) {
        this.stream = stream;
        this.webhooks = webhooks;
        this.publishesTopic = publishesTopic;
    }

    @Override
    public Mono<Void> clientEvent(
            String appId, String channel, String event, String data, String socketId, String userId) {
        if (!wanted(appId, WebhookEventType.CLIENT_EVENT)) {
            return Mono.empty();
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("name", WebhookEventType.CLIENT_EVENT);
        record.put("channel", channel);
        record.put("event", event);
        record.put("data", data);
        record.put("socket_id", socketId);
        if (userId != null) {
            record.put("user_id", userId);
        }
        return record(appId, record);
    }

    @Override
    public Mono<Void> cacheMiss(String appId, String channel) {
        if (!wanted(appId, WebhookEventType.CACHE_MISS)) {
            return Mono.empty();
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("name", WebhookEventType.CACHE_MISS);
        record.put("channel", channel);
        return record(appId, record);
    }

    private boolean wanted(String appId, String type) {
        return publishesTopic || webhooks.wants(appId, type);
    }

    private Mono<Void> record(String appId, ObjectNode event) {
        // The client's event was already delivered; failing to record it must not fail the client.
        return stream.record(appId, event).then().onErrorResume(error -> {
            log.warn("Could not record {} for app {}: {}", event.path("name").asString(), appId, error.toString());
            return Mono.empty();
        });
    }
}

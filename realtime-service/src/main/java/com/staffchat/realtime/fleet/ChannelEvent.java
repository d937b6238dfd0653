package com.staffchat.realtime.fleet;

import tools.jackson.databind.node.ObjectNode;

/**
 * One channel event as recorded in the fleet's event stream: Pusher's webhook event object
 * ({@code name}, {@code channel} and the fields of its type), the app it belongs to, and when it
 * was recorded (Redis time).
 *
 * @param id the stream entry id, unique and increasing: the idempotency key for consumers
 */
public record ChannelEvent(String id, String appId, long timeMs, ObjectNode event) {

    public String name() {
        return event.path("name").asString();
    }

    public String channel() {
        return event.path("channel").asString();
    }
}

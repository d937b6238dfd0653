package com.staffchat.realtime.protocol;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire format. Server-to-client frames carry {@code data} as a JSON-encoded string (Pusher's
 * "double encoding"), except {@code pusher:error}, whose data is an object with a numeric or null
 * code. Key order follows Pusher: event, channel, data.
 */
public final class Frames {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String EMPTY_OBJECT = "{}";

    private Frames() {}

    public static String connectionEstablished(String socketId, long activityTimeoutSeconds) {
        ObjectNode data = JSON.createObjectNode();
        data.put("socket_id", socketId);
        data.put("activity_timeout", activityTimeoutSeconds);
        return frame("pusher:connection_established", null, write(data));
    }

    public static String pong() {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("event", "pusher:pong");
        frame.set("data", JSON.createObjectNode());
        return write(frame);
    }

    public static String error(Integer code, String message) {
        ObjectNode data = JSON.createObjectNode();
        data.put("code", code);
        data.put("message", message);
        ObjectNode frame = JSON.createObjectNode();
        frame.put("event", "pusher:error");
        frame.set("data", data);
        return write(frame);
    }

    public static String subscriptionError(String channel, String type, String message, int status) {
        ObjectNode data = JSON.createObjectNode();
        data.put("type", type);
        data.put("error", message);
        data.put("status", status);
        return frame("pusher:subscription_error", channel, write(data));
    }

    public static String subscriptionSucceeded(String channel) {
        return frame("pusher_internal:subscription_succeeded", channel, EMPTY_OBJECT);
    }

    /** Pusher's roster: {@code {"presence":{"ids":[..],"hash":{id: user_info},"count":n}}}. */
    public static String presenceSubscriptionSucceeded(String channel, List<PresenceMember> members) {
        ArrayNode ids = JSON.createArrayNode();
        ObjectNode hash = JSON.createObjectNode();
        for (PresenceMember member : members) {
            ids.add(member.userId());
            hash.set(member.userId(), member.userInfoOrNull());
        }
        ObjectNode presence = JSON.createObjectNode();
        presence.set("ids", ids);
        presence.set("hash", hash);
        presence.put("count", members.size());
        ObjectNode data = JSON.createObjectNode();
        data.set("presence", presence);
        return frame("pusher_internal:subscription_succeeded", channel, write(data));
    }

    public static String memberAdded(String channel, PresenceMember member) {
        ObjectNode data = JSON.createObjectNode();
        data.put("user_id", member.userId());
        data.set("user_info", member.userInfoOrNull());
        return frame("pusher_internal:member_added", channel, write(data));
    }

    public static String memberRemoved(String channel, String userId) {
        ObjectNode data = JSON.createObjectNode();
        data.put("user_id", userId);
        return frame("pusher_internal:member_removed", channel, write(data));
    }

    /** An event on a channel; {@code data} is sent as the string it is. */
    public static String channelEvent(String event, String channel, String data) {
        return frame(event, channel, data);
    }

    /** A client event on a presence channel names its sender. */
    public static String clientEvent(String event, String channel, String data, String userId) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("event", event);
        frame.put("channel", channel);
        frame.put("data", data);
        if (userId != null) {
            frame.put("user_id", userId);
        }
        return write(frame);
    }

    /** {@code pusher:signin_success}: {@code data} carries the {@code user_data} string exactly as the app signed it. */
    public static String signinSuccess(String userData) {
        ObjectNode data = JSON.createObjectNode();
        data.put("user_data", userData);
        return frame("pusher:signin_success", null, write(data));
    }

    /**
     * {@code pusher_internal:watchlist_events}, the format pusher-js reads ({@code data.events[]} of
     * {@code {name, user_ids}}); lists that are empty are left out.
     */
    public static String watchlistEvents(List<String> online, List<String> offline) {
        ArrayNode events = JSON.createArrayNode();
        addWatchlistEvent(events, "online", online);
        addWatchlistEvent(events, "offline", offline);
        ObjectNode data = JSON.createObjectNode();
        data.set("events", events);
        return frame("pusher_internal:watchlist_events", null, write(data));
    }

    private static void addWatchlistEvent(ArrayNode events, String name, List<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        ObjectNode event = events.addObject();
        event.put("name", name);
        ArrayNode ids = event.putArray("user_ids");
        userIds.forEach(ids::add);
    }

    /** {@code pusher:cache_miss}: a cache channel has no event to replay to a new subscriber. */
    public static String cacheMiss(String channel) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("event", "pusher:cache_miss");
        frame.put("channel", channel);
        return write(frame);
    }

    /** {@code pusher_internal:subscription_count}: how many connections are subscribed to a non-presence channel. */
    public static String subscriptionCount(String channel, int count) {
        ObjectNode data = JSON.createObjectNode();
        data.put("subscription_count", count);
        return frame("pusher_internal:subscription_count", channel, write(data));
    }

    /** Parses a client frame, or throws {@link InvalidMessage}. */
    public static InboundMessage parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException ex) {
            throw new InvalidMessage("Invalid message format: frames must be JSON objects");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMessage("Invalid message format: frames must be JSON objects");
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isString() || event.stringValue().isEmpty()) {
            throw new InvalidMessage("Invalid message format: the frame has no event name");
        }
        JsonNode channel = root.get("channel");
        return new InboundMessage(
                event.stringValue(),
                channel != null && channel.isString() ? channel.stringValue() : null,
                root.get("data"));
    }

    /** Reads a JSON text that a client sent inside a string (channel_data, string-encoded data). */
    static JsonNode readNested(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException ex) {
            return null;
        }
    }

    static String write(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    private static String frame(String event, String channel, String data) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("event", event);
        if (channel != null) {
            frame.put("channel", channel);
        }
        frame.put("data", data);
        return write(frame);
    }
}

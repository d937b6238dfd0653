package com.staffchat.realtime.protocol;

import tools.jackson.databind.JsonNode;

/**
 * A frame received from a client. {@code data} is whatever JSON the client sent (an object for
 * {@code pusher:} events, any value for client events); {@code channel} is set for client events.
 */
public record InboundMessage(String event, String channel, JsonNode data) {

    /** A text field of {@code data}, accepting data sent as an object or as a JSON-encoded string. */
    public String dataField(String name) {
        JsonNode object = dataObject();
        JsonNode field = object == null ? null : object.get(name);
        return field != null && field.isString() ? field.stringValue() : null;
    }

    private JsonNode dataObject() {
        if (data == null) {
            return null;
        }
        if (data.isString()) {
            return Frames.readNested(data.stringValue());
        }
        return data;
    }
}

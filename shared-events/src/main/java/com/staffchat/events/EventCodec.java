package com.staffchat.events;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON (de)serialisation of envelopes. Thread-safe; one instance can serve a whole application.
 * Unknown fields in {@code data} are ignored (a newer producer may add optional fields), unknown
 * types and newer schema versions are refused.
 */
public final class EventCodec {

    private final JsonMapper mapper;

    public EventCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public byte[] encode(EventEnvelope<?> envelope) {
        return encodeToString(envelope).getBytes(StandardCharsets.UTF_8);
    }

    public String encodeToString(EventEnvelope<?> envelope) {
        return mapper.writeValueAsString(envelope);
    }

    public EventEnvelope<? extends EventPayload> decode(byte[] json) {
        if (json == null) {
            throw new EventDecodingException("empty record");
        }
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    public EventEnvelope<? extends EventPayload> decode(String json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EventDecodingException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode node)) {
            throw new EventDecodingException("an event must be a JSON object");
        }
        String typeName = node.path("type").asString(null);
        if (typeName == null) {
            throw new EventDecodingException("missing 'type'");
        }
        EventType type = EventType.fromTypeName(typeName)
                .orElseThrow(() -> new EventDecodingException("unknown event type '" + typeName + "'"));
        int version = node.path("schemaVersion").asInt(0);
        if (version < 1 || version > EventType.CURRENT_SCHEMA_VERSION) {
            throw new EventDecodingException(
                    "unsupported schemaVersion " + node.path("schemaVersion") + " for " + typeName);
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            throw new EventDecodingException("missing 'data' object in " + typeName);
        }
        try {
            EventPayload payload = mapper.treeToValue(data, type.payloadClass());
            return new EventEnvelope<>(
                    mapper.treeToValue(node.required("id"), java.util.UUID.class),
                    typeName,
                    node.required("source").asString(),
                    mapper.treeToValue(node.required("time"), java.time.Instant.class),
                    node.path("subject").asString(null),
                    node.required("tenant").asString(),
                    version,
                    payload);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new EventDecodingException("malformed " + typeName + ": " + e.getMessage(), e);
        }
    }
}

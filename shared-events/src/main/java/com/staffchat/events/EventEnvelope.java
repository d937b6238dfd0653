package com.staffchat.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents-style envelope every record on our topics carries. {@code id} is the
 * idempotency key consumers deduplicate by; {@code tenant} is the hotel slug; {@code subject} is
 * the conversation id (the staff id for events on {@link Topics#STAFF}).
 */
public record EventEnvelope<T extends EventPayload>(
        UUID id, String type, String source, Instant time, String subject, String tenant, int schemaVersion, T data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(data, "data");
    }

    /** A new envelope for {@code data}, with a fresh id, the current time and schema version. */
    public static <T extends EventPayload> EventEnvelope<T> wrap(String source, String tenant, T data) {
        return wrap(UUID.randomUUID(), source, tenant, Instant.now(), data);
    }

    public static <T extends EventPayload> EventEnvelope<T> wrap(
            UUID id, String source, String tenant, Instant time, T data) {
        return new EventEnvelope<>(
                id,
                EventType.of(data).typeName(),
                source,
                time,
                data.subject(),
                tenant,
                EventType.CURRENT_SCHEMA_VERSION,
                data);
    }

    /** The Kafka record key: events of one conversation (or one person) share a partition and stay in order. */
    public String key() {
        return data.subject();
    }

    public EventType eventType() {
        return EventType.of(data);
    }
}

package com.staffchat.message.outbox;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.message.Nullable;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events to the outbox table. Call it inside the transaction that makes the change, so
 * the event exists exactly when the change does. Each row keeps the W3C {@code traceparent} of the
 * request that caused it, which the relay puts on the Kafka record.
 */
@Component
public class Outbox {

    static final String SOURCE = "message-service";

    private final DatabaseClient db;
    private final EventCodec codec;
    private final TraceParents traceParents;
    private final OutboxRelay relay;

    Outbox(DatabaseClient db, EventCodec codec, TraceParents traceParents, OutboxRelay relay) {
        this.db = db;
        this.codec = codec;
        this.traceParents = traceParents;
        this.relay = relay;
    }

    /**
     * Tells this instance's relay that a send has committed an outbox row. Sends do not NOTIFY
     * (a NOTIFY serialises every committing transaction of the database, migration V4), so this
     * is how the relay learns of them without waiting for its poll.
     */
    public void sent() {
        relay.wakeUp();
    }

    /** An outbox row before it is stored: the envelope's columns, its JSON and the request's trace. */
    public record Entry(
            UUID eventId, String topic, String key, String type, String tenant, String payload, String traceparent) {}

    /** The row for {@code payload} of {@code hotel}, in a fresh envelope, traced to the current request. */
    public Mono<Entry> entry(String hotel, EventPayload payload) {
        return traceParents.current().map(traceparent -> entry(hotel, payload, traceparent.orElse(null)));
    }

    private Entry entry(String hotel, EventPayload payload, String traceparent) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap(SOURCE, hotel, payload);
        return new Entry(
                envelope.id(),
                envelope.eventType().topic(),
                envelope.key(),
                envelope.type(),
                hotel,
                codec.encodeToString(envelope),
                traceparent);
    }

    /** Stores the events of {@code change} for {@code hotel} and gives back its result (empty for none). */
    public <T> Mono<T> record(String hotel, Changed<T> change) {
        return Flux.fromIterable(change.events())
                .concatMap(event -> entry(hotel, event).flatMap(this::append))
                .then(Mono.justOrEmpty(change.result()));
    }

    /**
     * Stores many rows in one statement, in the order given (a page of conversation snapshots: one round trip
     * rather than one per row, so the rows it locks are held for less time).
     */
    public Mono<Void> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                insert into outbox (event_id, topic, record_key, event_type, tenant, payload, traceparent)
                select event_id, topic, record_key, event_type, tenant, payload, traceparent
                from unnest(cast(:eventIds as uuid[]), cast(:topics as text[]), cast(:keys as text[]),
                                     cast(:types as text[]), cast(:tenants as text[]), cast(:payloads as text[]),
                                     cast(:traceparents as text[]))
                with ordinality as e(event_id, topic, record_key, event_type, tenant, payload, traceparent, n)
                order by n""")
                .bind("eventIds", column(entries, e -> e.eventId().toString()))
                .bind("topics", column(entries, Entry::topic))
                .bind("keys", column(entries, Entry::key))
                .bind("types", column(entries, Entry::type))
                .bind("tenants", column(entries, Entry::tenant))
                .bind("payloads", column(entries, Entry::payload))
                .bind("traceparents", column(entries, Entry::traceparent))
                .then();
    }

    private static String[] column(List<Entry> entries, Function<Entry, String> value) {
        return entries.stream().map(value).toArray(String[]::new);
    }

    Mono<Void> append(Entry entry) {
        return db.sql("""
                insert into outbox (event_id, topic, record_key, event_type, tenant, payload, traceparent)
                values (:eventId, :topic, :key, :type, :tenant, :payload, :traceparent)""")
                .bind("eventId", entry.eventId())
                .bind("topic", entry.topic())
                .bind("key", entry.key())
                .bind("type", entry.type())
                .bind("tenant", entry.tenant())
                .bind("payload", entry.payload())
                .bind("traceparent", Nullable.of(entry.traceparent(), String.class))
                .then();
    }
}

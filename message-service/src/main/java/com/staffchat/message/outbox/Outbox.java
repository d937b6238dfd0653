package com.staffchat.message.outbox;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Appends events to the outbox table. Call it inside the transaction that makes the change, so
 * the event exists exactly when the change does.
 */
@Component
public class Outbox {

    static final String SOURCE = "message-service";

    private final DatabaseClient db;
    private final EventCodec codec;

    Outbox(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    /** Stores the events of {@code change} for {@code hotel} and gives back its result (empty for none). */
    public <T> Mono<T> record(String hotel, Changed<T> change) {
        return reactor.core.publisher.Flux.fromIterable(change.events())
                .concatMap(event -> append(hotel, event))
                .then(Mono.justOrEmpty(change.result()));
    }

    Mono<EventEnvelope<?>> append(String hotel, EventPayload payload) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap(SOURCE, hotel, payload);
        return db.sql("""
                insert into outbox (event_id, topic, record_key, event_type, tenant, payload)
                values (:eventId, :topic, :key, :type, :tenant, :payload)""")
                .bind("eventId", envelope.id())
                .bind("topic", envelope.eventType().topic())
                .bind("key", envelope.key())
                .bind("type", envelope.type())
                .bind("tenant", hotel)
                .bind("payload", codec.encodeToString(envelope))
                .then()
                .thenReturn(envelope);
    }
}

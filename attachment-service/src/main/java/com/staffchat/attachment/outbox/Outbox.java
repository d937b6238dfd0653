package com.staffchat.attachment.outbox;

import com.staffchat.events.AttachmentEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Appends attachment events to the outbox table. Call it inside the transaction that makes the change, so the
 * event exists exactly when the change does; then {@link #committed()} wakes the relay.
 */
@Component
public class Outbox {

    static final String SOURCE = "attachment-service";

    private final DatabaseClient db;
    private final EventCodec codec;
    private final OutboxRelay relay;

    Outbox(DatabaseClient db, EventCodec codec, OutboxRelay relay) {
        this.db = db;
        this.codec = codec;
        this.relay = relay;
    }

    /** Stores {@code event} of {@code hotel} in a fresh envelope; its record key is the conversation id. */
    public Mono<Void> append(String hotel, AttachmentEvent event) {
        EventEnvelope<AttachmentEvent> envelope = EventEnvelope.wrap(SOURCE, hotel, event);
        return db.sql("""
                        insert into outbox (event_id, topic, record_key, event_type, tenant, payload)
                        values (:eventId, :topic, :key, :type, :tenant, :payload)""")
                .bind("eventId", envelope.id())
                .bind("topic", envelope.eventType().topic())
                .bind("key", envelope.key())
                .bind("type", envelope.type())
                .bind("tenant", hotel)
                .bind("payload", codec.encodeToString(envelope))
                .then();
    }

    /** Tells this instance's relay that a transaction with outbox rows has committed. */
    public void committed() {
        relay.wakeUp();
    }
}

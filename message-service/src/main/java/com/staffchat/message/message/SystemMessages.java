package com.staffchat.message.message;

import com.staffchat.events.MessageKind;
import com.staffchat.events.SystemNote;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Messages of kind {@code SYSTEM}: membership, title and admin changes recorded in the message
 * stream so the history explains itself. Each takes the next seq through the same mechanism as a
 * send (the conversation row's lock, {@code last_seq + 1}, {@code last_message_at}) and writes its
 * {@code MessageSent} to the outbox. Call it inside the transaction of the change it records; the
 * actor's read position moves to it, as a send moves its sender's.
 */
@Service
public class SystemMessages {

    private final DatabaseClient db;
    private final Outbox outbox;

    SystemMessages(DatabaseClient db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /** Appends the message; {@code body} is the English sentence, {@code note} its facts. */
    public Mono<MessageView> append(String hotel, long conversationId, SystemNote note, String body) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return db.sql("""
                with next as (
                    update conversation set last_seq = last_seq + 1, last_message_at = :at
                    where id = :c and hotel = :hotel
                    returning last_seq as seq),
                stored as (
                    insert into message (id, conversation_id, hotel, seq, sender_id, body, created_at, kind, system)
                    select next_id(), :c, :hotel, next.seq, :actor, :body, :at, 'SYSTEM', cast(:system as jsonb)
                    from next
                    returning id, seq),
                read as (
                    update participant p set last_read_message_id = s.id, last_read_seq = s.seq
                    from stored s
                    where p.hotel = :hotel and p.conversation_id = :c and p.staff_id = :actor
                      and p.last_read_seq < s.seq)
                select id, seq from stored""")
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("actor", note.actorId())
                .bind("body", body)
                .bind("system", SystemNotes.json(note))
                .map(row -> new MessageView(
                        row.get("id", Long.class),
                        conversationId,
                        row.get("seq", Long.class),
                        note.actorId(),
                        body,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        null,
                        at,
                        null,
                        null,
                        MessageKind.SYSTEM,
                        note))
                .one()
                .switchIfEmpty(Mono.error(
                        () -> new IllegalStateException("conversation " + conversationId + " vanished mid-change")))
                .flatMap(view -> outbox.record(hotel, Changed.of(view, view.sent())));
    }

    /** Wakes the outbox relay once the change has committed (the relay would otherwise wait for its poll). */
    public void committed() {
        outbox.sent();
    }
}

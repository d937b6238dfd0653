package com.staffchat.notification.push;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Which tokens each event's push has reached (table {@code push_deliveries}), so a redelivered
 * event pushes only to the tokens that have not had it; and what each delivery was about, so an
 * edit or delete reaches the tokens that got the message and a read clears what was pushed. Recorded right after FCM accepted them: a
 * crash between FCM's answer and the insert can still repeat a push on redelivery (the device then
 * replaces it, same tag and collapse id); everything else is pushed once.
 */
public class PushDeliveries {

    private final DatabaseClient db;

    public PushDeliveries(DatabaseClient db) {
        this.db = db;
    }

    /** Which of {@code tokens} already got the push for {@code eventId}. */
    public Mono<Set<String>> deliveredAmong(UUID eventId, Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql(
                        "select token from push_deliveries where event_id = :event and token = any(cast(:tokens as text[]))")
                .bind("event", eventId)
                .bind("tokens", tokens.toArray(String[]::new))
                .map(row -> row.get("token", String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }

    /**
     * Records that FCM accepted {@code push} for {@code tokens}, with what it was about (hotel,
     * conversation, message, seq, kind), so an edit, a delete or a read can follow up on these tokens.
     */
    public Mono<Void> record(PushNotification push, Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Mono.empty();
        }
        var spec = db.sql("insert into push_deliveries (event_id, token, hotel, conversation_id, message_id, seq, kind)"
                        + " select :event, t, :hotel, :conversation, :message, :seq, :kind"
                        + " from unnest(cast(:tokens as text[])) as t on conflict do nothing")
                .bind("event", push.eventId())
                .bind("tokens", tokens.toArray(String[]::new))
                .bind("hotel", push.hotel())
                .bind("conversation", push.conversationId())
                .bind("seq", push.seq())
                .bind("kind", push.kind().name());
        spec = push.messageId() == null ? spec.bindNull("message", Long.class) : spec.bind("message", push.messageId());
        return spec.fetch().rowsUpdated().then();
    }

    /** The tokens FCM accepted the new-message push of {@code messageId} for (within the retention). */
    public Mono<Set<String>> tokensPushed(String hotel, long messageId) {
        return db.sql("select distinct token from push_deliveries"
                        + " where hotel = :hotel and message_id = :message and kind = 'NEW_MESSAGE'")
                .bind("hotel", hotel)
                .bind("message", messageId)
                .map(row -> row.get("token", String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }

    /**
     * Which of {@code tokens} had a message of the conversation up to {@code readSeq} pushed to them
     * that no READ has cleared since (a READ delivery at or past that message's seq).
     */
    public Mono<Set<String>> unclearedAmong(
            String hotel, long conversationId, long readSeq, Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("""
                        select distinct n.token from push_deliveries n
                        where n.hotel = :hotel and n.conversation_id = :conversation and n.kind = 'NEW_MESSAGE'
                          and n.token = any(cast(:tokens as text[])) and n.seq <= :read
                          and not exists (
                              select 1 from push_deliveries r
                              where r.hotel = n.hotel and r.conversation_id = n.conversation_id
                                and r.token = n.token and r.kind = 'READ' and r.seq >= n.seq)""")
                .bind("hotel", hotel)
                .bind("conversation", conversationId)
                .bind("read", readSeq)
                .bind("tokens", tokens.toArray(String[]::new))
                .map(row -> row.get("token", String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }

    /** Forgets deliveries recorded before {@code cutoff}; returns how many. */
    public Mono<Long> pruneBefore(Instant cutoff) {
        return db.sql("delete from push_deliveries where delivered_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
    }
}

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
 * event pushes only to the tokens that have not had it. Recorded right after FCM accepted them: a
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

    /** Records that FCM accepted the push for {@code eventId} to {@code tokens}. */
    public Mono<Void> record(UUID eventId, Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("insert into push_deliveries (event_id, token)"
                        + " select :event, t from unnest(cast(:tokens as text[])) as t on conflict do nothing")
                .bind("event", eventId)
                .bind("tokens", tokens.toArray(String[]::new))
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Forgets deliveries recorded before {@code cutoff}; returns how many. */
    public Mono<Long> pruneBefore(Instant cutoff) {
        return db.sql("delete from push_deliveries where delivered_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
    }
}

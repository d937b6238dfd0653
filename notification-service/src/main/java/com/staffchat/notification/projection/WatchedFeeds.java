package com.staffchat.notification.projection;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whose own channel ({@code private-{hotel}-staff-{staffId}}) is occupied right now, as
 * realtime-service announces with {@code channel_occupied} / {@code channel_vacated} on
 * {@code staffchat.presence} ({@link PresenceListener}). Only the person themselves can subscribe to
 * their channel, so an occupied one means a screen of theirs is open. The per-person
 * {@code unread-count} after a new message goes only to these (when
 * {@code staffchat.projection.unread-count-audience} is {@code watching}): an event to a channel
 * nobody is on costs a database query for the person's total and a Pusher event, and reaches no one.
 * Kept in PostgreSQL so every instance answers the same; read inside the recipients query.
 */
@Component
public class WatchedFeeds {

    private final DatabaseClient db;

    WatchedFeeds(DatabaseClient db) {
        this.db = db;
    }

    /** The person's channel is occupied since {@code at} (realtime-service's clock). */
    Mono<Void> occupied(String hotel, long staffId, Instant at) {
        return db.sql("insert into watched_feeds (hotel, staff_id, occupied_at) values (:hotel, :staff, :at)"
                        + " on conflict (hotel, staff_id) do update"
                        + " set occupied_at = greatest(watched_feeds.occupied_at, excluded.occupied_at)")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .then();
    }

    /** Nobody is on the person's channel any more. */
    Mono<Void> vacated(String hotel, long staffId) {
        return db.sql("delete from watched_feeds where hotel = :hotel and staff_id = :staff")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .then();
    }

    /** Whether the person's channel is occupied now. */
    public Mono<Boolean> isWatched(String hotel, long staffId) {
        return db.sql("select exists (select 1 from watched_feeds where hotel = :hotel and staff_id = :staff) as w")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .map(row -> Boolean.TRUE.equals(row.get("w", Boolean.class)))
                .one();
    }
}

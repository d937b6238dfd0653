package com.staffchat.message.mute;

import com.staffchat.message.Nullable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for a participant's mute ({@code participant.muted_until}, {@code 'infinity'} for good). Names the hotel. */
@Repository
class MuteRepository {

    private final DatabaseClient db;

    MuteRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The caller's mute as of {@code now}: {@code until} null when for good (or when not muted). */
    record State(boolean muted, Instant until) {}

    /** The state with the caller's participant row locked until the transaction ends; empty when not in it. */
    Mono<State> lock(String hotel, long conversationId, long staffId, Instant now) {
        // read 'infinity' as null here: it has no Java Instant
        return db.sql("""
                select muted_until is not null and muted_until > :now as muted,
                       case when isfinite(muted_until) then muted_until end as until
                from participant where hotel = :hotel and conversation_id = :c and staff_id = :s
                for update""")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> new State(
                        Boolean.TRUE.equals(row.get("muted", Boolean.class)),
                        instant(row.get("until", OffsetDateTime.class))))
                .one();
    }

    /** Muted until {@code until}, or for good ({@code 'infinity'}) when it is null; null unmutes. */
    Mono<Void> set(String hotel, long conversationId, long staffId, boolean muted, Instant until) {
        return db.sql("""
                update participant
                set muted_until = case when :muted then coalesce(:until, 'infinity'::timestamptz) end
                where hotel = :hotel and conversation_id = :c and staff_id = :s""")
                .bind("muted", muted)
                .bind("until", Nullable.of(until == null ? null : until.atOffset(ZoneOffset.UTC), OffsetDateTime.class))
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .then();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

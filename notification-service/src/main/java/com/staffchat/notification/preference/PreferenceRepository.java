package com.staffchat.notification.preference;

import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for {@code notification_preference}, one row per person who saved preferences. Names the hotel. */
@Repository
class PreferenceRepository {

    private final DatabaseClient db;

    PreferenceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A person's stored preferences and when they were saved. */
    record Stored(NotificationPreference preference, Instant updatedAt) {}

    /** Empty when the person never saved any (the defaults apply). */
    Mono<Stored> find(String hotel, long staffId) {
        return db.sql("select push, quiet_start, quiet_end, time_zone, updated_at from notification_preference"
                        + " where hotel = :hotel and staff_id = :staff")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .map(row -> {
                    LocalTime start = row.get("quiet_start", LocalTime.class);
                    LocalTime end = row.get("quiet_end", LocalTime.class);
                    return new Stored(
                            new NotificationPreference(
                                    PushLevel.valueOf(row.get("push", String.class)),
                                    start == null ? null : new QuietHours(start, end),
                                    ZoneId.of(row.get("time_zone", String.class))),
                            row.get("updated_at", OffsetDateTime.class).toInstant());
                })
                .one();
    }

    /** The stored preferences of those of {@code staffIds} who saved any (one query); the rest are absent. */
    Mono<Map<Long, NotificationPreference>> findAll(String hotel, Collection<Long> staffIds) {
        if (staffIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("select staff_id, push, quiet_start, quiet_end, time_zone from notification_preference"
                        + " where hotel = :hotel and staff_id = any(cast(:staff as bigint[]))")
                .bind("hotel", hotel)
                .bind("staff", staffIds.toArray(Long[]::new))
                .map(row -> {
                    LocalTime start = row.get("quiet_start", LocalTime.class);
                    LocalTime end = row.get("quiet_end", LocalTime.class);
                    return Map.entry(
                            row.get("staff_id", Long.class),
                            new NotificationPreference(
                                    PushLevel.valueOf(row.get("push", String.class)),
                                    start == null ? null : new QuietHours(start, end),
                                    ZoneId.of(row.get("time_zone", String.class))));
                })
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Mono<Void> save(String hotel, long staffId, NotificationPreference preference, Instant now) {
        QuietHours quiet = preference.quietHours();
        var spec = db.sql("""
                insert into notification_preference (hotel, staff_id, push, quiet_start, quiet_end, time_zone, updated_at)
                values (:hotel, :staff, :push, :start, :end, :zone, :now)
                on conflict (hotel, staff_id) do update set
                    push = excluded.push,
                    quiet_start = excluded.quiet_start,
                    quiet_end = excluded.quiet_end,
                    time_zone = excluded.time_zone,
                    updated_at = excluded.updated_at""")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .bind("push", preference.push().name())
                .bind("zone", preference.timeZone().getId())
                .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = quiet == null
                ? spec.bindNull("start", LocalTime.class).bindNull("end", LocalTime.class)
                : spec.bind("start", quiet.start()).bind("end", quiet.end());
        return spec.then();
    }
}

package com.staffchat.notification.device;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for {@code device}. Every read and write of a person's devices names the hotel; the token alone is used only
 * where a token must move between people (registration) or is dead for everyone (FCM said so).
 */
@Repository
public class DeviceRepository {

    private static final String COLUMNS = "token, staff_id, platform, app_version, locale, registered_at, last_seen_at";

    private final DatabaseClient db;

    DeviceRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The devices of these people of {@code hotel}, newest first per person: whom the push sender sends to. People
     * without devices are simply absent.
     */
    public Flux<Device> tokensOf(String hotel, Collection<Long> staffIds) {
        if (staffIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select " + COLUMNS + " from device where hotel = :hotel and staff_id = any(:staff)"
                        + " order by staff_id, last_seen_at desc, token")
                .bind("hotel", hotel)
                .bind("staff", staffIds.toArray(Long[]::new))
                .map(DeviceRepository::device)
                .all();
    }

    /**
     * Forgets these tokens whoever holds them (FCM answered UNREGISTERED or INVALID_ARGUMENT for them); answers how
     * many were removed.
     */
    public Mono<Long> remove(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("delete from device where token = any(:tokens)")
                .bind("tokens", tokens.toArray(String[]::new))
                .fetch()
                .rowsUpdated();
    }

    /** Serialises registrations of one person until the transaction ends, so the cap holds under concurrency. */
    Mono<Void> lockPerson(String hotel, long staffId) {
        return db.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .bind("key", "device:" + hotel + ":" + staffId)
                .then();
    }

    /**
     * Registers {@code token} for the person, or refreshes it: a token of theirs keeps its {@code registered_at};
     * one that was someone else's (any hotel) moves to them and counts as registered {@code now}.
     */
    Mono<Device> upsert(
            String token,
            String hotel,
            long staffId,
            Platform platform,
            String appVersion,
            String locale,
            Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        var spec = db.sql("""
                insert into device (token, hotel, staff_id, platform, app_version, locale, registered_at, last_seen_at)
                values (:token, :hotel, :staff, :platform, :appVersion, :locale, :now, :now)
                on conflict (token) do update set
                    hotel = excluded.hotel,
                    staff_id = excluded.staff_id,
                    platform = excluded.platform,
                    app_version = excluded.app_version,
                    locale = excluded.locale,
                    registered_at = case
                        when device.hotel = excluded.hotel and device.staff_id = excluded.staff_id
                        then device.registered_at else excluded.registered_at end,
                    last_seen_at = excluded.last_seen_at
                returning %s""".formatted(COLUMNS))
                .bind("token", token)
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .bind("platform", platform.name())
                .bind("now", at);
        spec = appVersion == null ? spec.bindNull("appVersion", String.class) : spec.bind("appVersion", appVersion);
        spec = locale == null ? spec.bindNull("locale", String.class) : spec.bind("locale", locale);
        return spec.map(DeviceRepository::device).one();
    }

    /** Drops the person's devices beyond the {@code keep} seen most recently; answers the dropped tokens. */
    Mono<List<String>> keepNewest(String hotel, long staffId, int keep) {
        return db.sql("""
                delete from device
                where hotel = :hotel and staff_id = :staff and token in (
                    select token from device where hotel = :hotel and staff_id = :staff
                    order by last_seen_at desc, registered_at desc, token
                    offset :keep)
                returning token""")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .bind("keep", keep)
                .map(row -> row.get("token", String.class))
                .all()
                .collectList();
    }

    /** The person's devices, seen most recently first. */
    Flux<Device> of(String hotel, long staffId) {
        return db.sql("select " + COLUMNS + " from device where hotel = :hotel and staff_id = :staff"
                        + " order by last_seen_at desc, token")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .map(DeviceRepository::device)
                .all();
    }

    /** Removes the token only if it is this person's; answers whether it was. */
    Mono<Boolean> removeOwn(String token, String hotel, long staffId) {
        return db.sql("delete from device where token = :token and hotel = :hotel and staff_id = :staff")
                .bind("token", token)
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    private static Device device(Readable row) {
        return new Device(
                row.get("token", String.class),
                row.get("staff_id", Long.class),
                Platform.valueOf(row.get("platform", String.class)),
                row.get("app_version", String.class),
                row.get("locale", String.class),
                row.get("registered_at", OffsetDateTime.class).toInstant(),
                row.get("last_seen_at", OffsetDateTime.class).toInstant());
    }
}

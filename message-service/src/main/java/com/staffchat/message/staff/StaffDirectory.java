package com.staffchat.message.staff;

import com.staffchat.events.EventPayload;
import com.staffchat.events.StaffDeactivated;
import com.staffchat.events.StaffReactivated;
import com.staffchat.message.Nullable;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.DeactivatedStaff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and writes the staff directory, always within one hotel. A change of who is active is
 * written, in the same transaction, to the outbox ({@code staffchat.staff} events) and to the
 * Redis set of deactivated people every service checks ({@link DeactivatedStaff}).
 */
@Component
public class StaffDirectory {

    /** Directory writes take it shared, the Redis rebuild exclusively, so a rebuild never undoes a write. */
    /** Longest a rebuild of the deactivated sets holds {@link #STATUS_LOCK} exclusively. */
    static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(10);

    static final long STATUS_LOCK = 0x5354_4146_4653_5441L; // "STAFFSTA"

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final DeactivatedStaff deactivated;

    StaffDirectory(DatabaseClient db, TransactionalOperator tx, Outbox outbox, DeactivatedStaff deactivated) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.deactivated = deactivated;
    }

    Flux<StaffEntry> list(String hotel, boolean includeInactive) {
        return db.sql("""
                select id, display_name, handle, department, title, active from staff
                where hotel = :hotel and (active or :all) order by display_name, id""")
                .bind("hotel", hotel)
                .bind("all", includeInactive)
                .map(row -> new StaffEntry(
                        row.get("id", Long.class),
                        row.get("display_name", String.class),
                        row.get("handle", String.class),
                        row.get("department", String.class),
                        Handles.departmentKey(row.get("department", String.class)),
                        row.get("title", String.class),
                        row.get("active", Boolean.class)))
                .all();
    }

    Mono<Integer> upsert(String hotel, long byStaffId, List<StaffMember> members) {
        Long[] ids = members.stream().map(StaffMember::id).toArray(Long[]::new);
        Mono<Integer> work = db.sql("select pg_advisory_xact_lock_shared(:lock)")
                .bind("lock", STATUS_LOCK)
                .then()
                .then(db.sql("select id, active from staff where hotel = :hotel and id = any(:ids) for update")
                        .bind("hotel", hotel)
                        .bind("ids", ids)
                        .map(row -> Map.entry(row.get("id", Long.class), row.get("active", Boolean.class)))
                        .all()
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                .flatMap(before -> handles(hotel, members).flatMap(handles -> Flux.fromIterable(members)
                        .concatMap(m -> write(hotel, m, handles.get(m.id())))
                        .count()
                        .flatMap(count -> announce(hotel, byStaffId, members, before)
                                .then(mirror(hotel, members))
                                .thenReturn(count.intValue()))));
        return tx.transactional(work)
                .onErrorMap(
                        StaffDirectory::handleTaken,
                        e -> DomainException.conflict(
                                "a handle of this change was taken by a concurrent change of the directory; nothing was"
                                        + " written, send it again"));
    }

    /** The handle each person of {@code members} will have ({@link HandleAssignment}); 400 or 409 when one cannot be. */
    private Mono<Map<Long, String>> handles(String hotel, List<StaffMember> members) {
        return db.sql("select id, handle, department from staff where hotel = :hotel")
                .bind("hotel", hotel)
                .map(row -> new HandleAssignment.Person(
                        row.get("id", Long.class),
                        row.get("handle", String.class),
                        row.get("department", String.class)))
                .all()
                .collectList()
                .flatMap(hotelStaff -> Mono.fromCallable(() -> HandleAssignment.assign(hotelStaff, members)));
    }

    /** The deferred unique constraint on handles failed at commit: someone took the handle meanwhile. */
    private static boolean handleTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.r2dbc.postgresql.api.PostgresqlException pg) {
                return pg.getErrorDetails()
                        .getConstraintName()
                        .filter("staff_handle"::equals)
                        .isPresent();
            }
        }
        return false;
    }

    private Mono<Long> write(String hotel, StaffMember m, String handle) {
        return db.sql("""
                insert into staff (hotel, id, display_name, handle, department, title, active, updated_at)
                values (:hotel, :id, :name, :handle, :department, :title, :active, now())
                on conflict (hotel, id) do update set display_name = excluded.display_name, handle = excluded.handle,
                    department = excluded.department, title = excluded.title, active = excluded.active,
                    updated_at = now()""")
                .bind("hotel", hotel)
                .bind("id", m.id())
                .bind("name", m.displayName())
                .bind("handle", handle)
                .bind("department", Nullable.of(m.department(), String.class))
                .bind("title", Nullable.of(m.title(), String.class))
                .bind("active", m.isActive())
                .fetch()
                .rowsUpdated();
    }

    /** A {@code staffchat.staff} event for each person whose access changes (a new inactive person counts as deactivated). */
    private static Changed<Void> accessChanges(long byStaffId, List<StaffMember> members, Map<Long, Boolean> before) {
        Instant now = Instant.now();
        List<EventPayload> events = new ArrayList<>();
        for (StaffMember m : members) {
            boolean wasActive = before.getOrDefault(m.id(), true);
            if (wasActive && !m.isActive()) {
                events.add(new StaffDeactivated(m.id(), byStaffId, now));
            } else if (!wasActive && m.isActive()) {
                events.add(new StaffReactivated(m.id(), byStaffId, now));
            }
        }
        return new Changed<>(null, events);
    }

    private Mono<Void> announce(String hotel, long byStaffId, List<StaffMember> members, Map<Long, Boolean> before) {
        return outbox.record(hotel, accessChanges(byStaffId, members, before)).then();
    }

    /** Redis says what the table will say once this transaction commits; if Redis cannot, nothing commits. */
    private Mono<Void> mirror(String hotel, List<StaffMember> members) {
        List<Long> inactive =
                members.stream().filter(m -> !m.isActive()).map(StaffMember::id).toList();
        List<Long> active = members.stream()
                .filter(StaffMember::isActive)
                .map(StaffMember::id)
                .toList();
        return deactivated
                .deactivate(hotel, inactive)
                .then(deactivated.reactivate(hotel, active))
                .onErrorMap(
                        e -> !(e instanceof DomainException),
                        e -> DomainException.unavailable(
                                "the staff directory cannot be changed right now (status store unreachable); retry"));
    }

    /** Rewrites the Redis sets from the table, under the exclusive lock so no directory write interleaves. */
    Mono<Void> rebuildDeactivated() {
        // waiting for the exclusive lock puts every later directory change (shared lock) in the queue behind this
        // rebuild, so the wait is bounded in the database itself: a client-side timeout cannot take a waiting
        // statement out of PostgreSQL's lock queue
        Mono<Void> work = db.sql("select set_config('lock_timeout', '5s', true)")
                .then()
                .then(db.sql("select pg_advisory_xact_lock(:lock)")
                        .bind("lock", STATUS_LOCK)
                        .then())
                .then(db.sql("select hotel, id from staff where not active")
                        .map(row -> Map.entry(row.get("hotel", String.class), row.get("id", Long.class)))
                        .all()
                        .collectMultimap(Map.Entry::getKey, Map.Entry::getValue))
                .flatMap(byHotel -> {
                    Map<String, Set<Long>> sets = new java.util.HashMap<>();
                    byHotel.forEach((h, ids) -> sets.put(h, new HashSet<>(ids)));
                    return deactivated.replaceAll(sets);
                });
        // the exclusive lock makes every directory change of every instance wait: never hold it past a bound,
        // even when Redis does not answer (the transaction rolls back and the next rebuild tries again)
        return tx.transactional(work.timeout(REBUILD_TIMEOUT));
    }

    /** The ids among {@code ids} that are not active staff of {@code hotel}. */
    public Mono<Set<Long>> unknownOrInactive(String hotel, Collection<Long> ids) {
        return db.sql("select id from staff where hotel = :hotel and active and id = any(:ids)")
                .bind("hotel", hotel)
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList()
                .map(found -> {
                    Set<Long> missing = new HashSet<>(ids);
                    found.forEach(missing::remove);
                    return missing;
                });
    }
}

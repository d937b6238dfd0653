package com.staffchat.message.staff;

import com.staffchat.message.Nullable;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes the staff directory, always within one hotel. */
@Component
public class StaffDirectory {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    StaffDirectory(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Flux<StaffMember> list(String hotel, boolean includeInactive) {
        return db.sql("""
                select id, display_name, department, title, active from staff
                where hotel = :hotel and (active or :all) order by display_name, id""")
                .bind("hotel", hotel)
                .bind("all", includeInactive)
                .map(row -> new StaffMember(
                        row.get("id", Long.class),
                        row.get("display_name", String.class),
                        row.get("department", String.class),
                        row.get("title", String.class),
                        row.get("active", Boolean.class)))
                .all();
    }

    Mono<Integer> upsert(String hotel, List<StaffMember> members) {
        return tx.transactional(Flux.fromIterable(members)
                .concatMap(m -> db.sql("""
                        insert into staff (hotel, id, display_name, department, title, active, updated_at)
                        values (:hotel, :id, :name, :department, :title, :active, now())
                        on conflict (hotel, id) do update set display_name = excluded.display_name,
                            department = excluded.department, title = excluded.title, active = excluded.active,
                            updated_at = now()""")
                        .bind("hotel", hotel)
                        .bind("id", m.id())
                        .bind("name", m.displayName())
                        .bind("department", Nullable.of(m.department(), String.class))
                        .bind("title", Nullable.of(m.title(), String.class))
                        .bind("active", m.isActive())
                        .fetch()
                        .rowsUpdated())
                .count()
                .map(Long::intValue));
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

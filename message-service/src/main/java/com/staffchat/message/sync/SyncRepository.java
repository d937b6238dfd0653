package com.staffchat.message.sync;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for catch-up sync. Every query names the hotel and starts from the caller's own participant rows (the
 * participant_by_staff index), so nothing of a conversation the caller is not in now is ever read. A range is
 * {@code since <= changed_xid < until}; stamps travel as text and are cast to xid8 in SQL.
 */
@Repository
class SyncRepository {

    /**
     * The horizon: every transaction below it has ended, so a row stamped below it is committed (or gone) and no row
     * can still appear with a stamp below it. {@code next} is the next transaction id PostgreSQL will hand out; a
     * cursor beyond it was never issued here.
     */
    private static final String HORIZON = """
            h as materialized (
                select pg_snapshot_xmin(s) as horizon, pg_snapshot_xmax(s) as next from pg_current_snapshot() s)""";

    /**
     * The first {@code :n} changed messages and stubs of hard-deleted ones in stamp order, from the caller's
     * conversations, those the caller may see (seq above their visible_from_seq). One index range scan of (conversation_id,
     * changed_xid) per conversation, each stopping after {@code :n} rows, then one sort of what they found: no query
     * per conversation, and a page costs about one probe per conversation plus its rows however long the history.
     */
    private static final String WINDOW = "with " + HORIZON + """
            ,
            mine as (select conversation_id, visible_from_seq from participant where hotel = :hotel and staff_id = :me),
            changed as (
                select x.changed_xid, x.id
                from h, mine,
                lateral ((select m.changed_xid, m.id from message m
                          where m.conversation_id = mine.conversation_id and m.hotel = :hotel
                            and m.changed_xid >= cast(:since as xid8)
                            and m.changed_xid < least(h.horizon, cast(:until as xid8))
                            and m.seq > mine.visible_from_seq
                          order by m.changed_xid limit :n)
                         union all
                         (select t.changed_xid, t.id from message_tombstone t
                          where t.conversation_id = mine.conversation_id and t.hotel = :hotel
                            and t.changed_xid >= cast(:since as xid8)
                            and t.changed_xid < least(h.horizon, cast(:until as xid8))
                            and t.seq > mine.visible_from_seq
                          order by t.changed_xid limit :n)) x
                order by x.changed_xid
                limit :n)
            select h.horizon::text as horizon, h.next::text as next, c.changed_xid::text as stamp, c.id
            from h left join changed c on true
            order by c.changed_xid, c.id""";

    private final DatabaseClient db;

    SyncRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A changed message row: its stamp and id. */
    record Change(long stamp, long id) {}

    /** The horizon and next transaction id at the time of the query, and the first changes found below both bounds. */
    record Window(long horizon, long next, List<Change> changes) {}

    /** The horizon now, for a client that starts from its freshly loaded state. */
    Mono<Long> horizon() {
        return db.sql("with " + HORIZON + " select h.horizon::text as horizon from h")
                .map(row -> Long.parseLong(row.get("horizon", String.class)))
                .one();
    }

    /**
     * The horizon and the first {@code limit} message changes with {@code since <= stamp < min(until, horizon)} in
     * the caller's conversations, in stamp order.
     */
    Mono<Window> window(String hotel, long me, long since, long until, int limit) {
        return db.sql(WINDOW)
                .bind("hotel", hotel)
                .bind("me", me)
                .bind("since", Long.toString(since))
                .bind("until", Long.toUnsignedString(until))
                .bind("n", limit)
                .map(row -> new Object[] {
                    row.get("horizon", String.class),
                    row.get("next", String.class),
                    row.get("stamp", String.class),
                    row.get("id", Long.class)
                })
                .all()
                .collectList()
                .map(rows -> new Window(
                        Long.parseLong((String) rows.get(0)[0]),
                        Long.parseLong((String) rows.get(0)[1]),
                        rows.stream()
                                .filter(r -> r[2] != null)
                                .map(r -> new Change(Long.parseLong((String) r[2]), (Long) r[3]))
                                .toList()));
    }

    /**
     * My conversations whose row changed in the range, where my participant row changed (joined, read, archived,
     * muted) or someone left.
     */
    Flux<Long> conversationIds(String hotel, long me, long since, long until) {
        return range(db.sql("""
                        select p.conversation_id from participant p
                        join conversation c on c.id = p.conversation_id
                        where p.hotel = :hotel and p.staff_id = :me and c.hotel = :hotel
                          and ((p.changed_xid >= cast(:since as xid8) and p.changed_xid < cast(:until as xid8))
                               or (c.changed_xid >= cast(:since as xid8) and c.changed_xid < cast(:until as xid8))
                               or exists (select 1 from participant_departure d
                                          where d.conversation_id = p.conversation_id and d.hotel = :hotel
                                            and d.changed_xid >= cast(:since as xid8)
                                            and d.changed_xid < cast(:until as xid8)))
                        order by p.conversation_id"""), hotel, me, since, until)
                .map(row -> row.get("conversation_id", Long.class))
                .all();
    }

    /** Participant rows of my conversations (mine included) that changed in the range. */
    Flux<SyncPage.ParticipantChange> participants(String hotel, long me, long since, long until) {
        return range(db.sql("""
                        select o.conversation_id, o.staff_id, o.role, o.last_read_seq, o.joined_at
                        from participant p
                        join participant o on o.conversation_id = p.conversation_id and o.hotel = p.hotel
                        where p.hotel = :hotel and p.staff_id = :me
                          and o.changed_xid >= cast(:since as xid8) and o.changed_xid < cast(:until as xid8)
                        order by o.conversation_id, o.joined_at, o.staff_id"""), hotel, me, since, until)
                .map(row -> new SyncPage.ParticipantChange(
                        row.get("conversation_id", Long.class),
                        row.get("staff_id", Long.class),
                        row.get("role", String.class),
                        row.get("last_read_seq", Long.class),
                        instant(row.get("joined_at", OffsetDateTime.class))))
                .all();
    }

    /** Conversations I left or was removed from in the range and am not in now (not rejoined since). */
    Flux<Long> removedConversationIds(String hotel, long me, long since, long until) {
        return range(db.sql("""
                        select distinct d.conversation_id from participant_departure d
                        where d.hotel = :hotel and d.staff_id = :me
                          and d.changed_xid >= cast(:since as xid8) and d.changed_xid < cast(:until as xid8)
                          and not exists (select 1 from participant p
                                          where p.hotel = :hotel and p.conversation_id = d.conversation_id
                                            and p.staff_id = :me)
                        order by d.conversation_id"""), hotel, me, since, until)
                .map(row -> row.get("conversation_id", Long.class))
                .all();
    }

    /** Other people who left my conversations (or were removed) in the range, in the order it happened. */
    Flux<SyncPage.Departure> departures(String hotel, long me, long since, long until) {
        return range(db.sql("""
                        select d.conversation_id, d.staff_id, d.removed_by, d.left_at
                        from participant p
                        join participant_departure d on d.conversation_id = p.conversation_id and d.hotel = p.hotel
                        where p.hotel = :hotel and p.staff_id = :me and d.staff_id <> :me
                          and d.changed_xid >= cast(:since as xid8) and d.changed_xid < cast(:until as xid8)
                        order by d.changed_xid, d.id"""), hotel, me, since, until)
                .map(row -> new SyncPage.Departure(
                        row.get("conversation_id", Long.class),
                        row.get("staff_id", Long.class),
                        row.get("removed_by", Long.class),
                        instant(row.get("left_at", OffsetDateTime.class))))
                .all();
    }

    private static DatabaseClient.GenericExecuteSpec range(
            DatabaseClient.GenericExecuteSpec sql, String hotel, long me, long since, long until) {
        return sql.bind("hotel", hotel)
                .bind("me", me)
                .bind("since", Long.toString(since))
                .bind("until", Long.toUnsignedString(until));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

package com.staffchat.message.reaction;

import com.staffchat.events.ReactionSummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for reactions. Every query names the hotel. */
@Repository
class ReactionRepository {

    private final DatabaseClient db;

    ReactionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The message a reaction is for, as its conversation's participant sees it. */
    record Target(long messageId, long conversationId, long seq, boolean deleted, boolean archived) {}

    /**
     * The message if {@code staffId} takes part in its conversation (empty otherwise, whether it
     * exists or not), locked until the transaction ends: changes to one message's reactions take
     * turns, so each event's "reactions after the change" follow one another in commit order. {@code archived}: the
     * conversation is archived for everyone; its row is held {@code for key share} (sends do not wait for that, an
     * archive for everyone does), so no reaction slips in after an archive has committed.
     */
    Mono<Target> lockVisible(String hotel, long messageId, long staffId) {
        return db.sql("""
                select m.id, m.conversation_id, m.seq, m.deleted_at is not null as deleted,
                       c.archived_at is not null as archived
                from message m
                join participant p on p.hotel = m.hotel and p.conversation_id = m.conversation_id and p.staff_id = :s
                join conversation c on c.id = m.conversation_id and c.hotel = m.hotel
                where m.hotel = :hotel and m.id = :m and m.seq > p.visible_from_seq
                for no key update of m for key share of c""")
                .bind("hotel", hotel)
                .bind("m", messageId)
                .bind("s", staffId)
                .map(row -> new Target(
                        row.get("id", Long.class),
                        row.get("conversation_id", Long.class),
                        row.get("seq", Long.class),
                        Boolean.TRUE.equals(row.get("deleted", Boolean.class)),
                        Boolean.TRUE.equals(row.get("archived", Boolean.class))))
                .one();
    }

    /** How many different emoji the message has, whether it has {@code emoji}, and whether from {@code staffId}. */
    record State(long kinds, boolean known, boolean mine) {}

    Mono<State> state(String hotel, long messageId, long staffId, String emoji) {
        return db.sql("""
                select count(distinct emoji) as kinds,
                       coalesce(bool_or(emoji = :e), false) as known,
                       coalesce(bool_or(emoji = :e and staff_id = :s), false) as mine
                from reaction where hotel = :hotel and message_id = :m""")
                .bind("hotel", hotel)
                .bind("m", messageId)
                .bind("s", staffId)
                .bind("e", emoji)
                .map(row -> new State(
                        row.get("kinds", Long.class),
                        Boolean.TRUE.equals(row.get("known", Boolean.class)),
                        Boolean.TRUE.equals(row.get("mine", Boolean.class))))
                .one();
    }

    /** Stores the reaction; 0 rows when it was already there. */
    Mono<Long> insert(String hotel, long messageId, long staffId, String emoji, Instant at) {
        return db.sql("""
                insert into reaction (message_id, hotel, staff_id, emoji, created_at)
                values (:m, :hotel, :s, :e, :at)
                on conflict do nothing""")
                .bind("m", messageId)
                .bind("hotel", hotel)
                .bind("s", staffId)
                .bind("e", emoji)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
    }

    /** Takes the reaction back; 0 rows when there was none. */
    Mono<Long> delete(String hotel, long messageId, long staffId, String emoji) {
        return db.sql("""
                delete from reaction where hotel = :hotel and message_id = :m and staff_id = :s and emoji = :e""")
                .bind("hotel", hotel)
                .bind("m", messageId)
                .bind("s", staffId)
                .bind("e", emoji)
                .fetch()
                .rowsUpdated();
    }

    record Row(long messageId, ReactionSummary summary) {}

    /**
     * The reactions of all {@code messageIds} in one query, as {@code me} sees them: per message and
     * emoji the count, the first {@code firstFew} who reacted and whether {@code me} did; emoji in the
     * order they were first used on the message. A deleted message shows none.
     */
    Flux<Row> summaries(String hotel, Long[] messageIds, long me, int firstFew) {
        // "[1 : n]", spaced: the named-parameter parser would read ":n" as a parameter
        return db.sql("""
                select r.message_id, r.emoji, count(*) as n,
                       (array_agg(r.staff_id order by r.id))[1 : %d] as first_few,
                       bool_or(r.staff_id = :me) as mine
                from reaction r
                join message m on m.id = r.message_id and m.hotel = r.hotel
                where r.hotel = :hotel and r.message_id = any(:ids) and m.deleted_at is null
                group by r.message_id, r.emoji
                order by r.message_id, min(r.id)""".formatted(firstFew))
                .bind("hotel", hotel)
                .bind("ids", messageIds)
                .bind("me", me)
                .map(row -> new Row(
                        row.get("message_id", Long.class),
                        new ReactionSummary(
                                row.get("emoji", String.class),
                                row.get("n", Long.class).intValue(),
                                List.copyOf(Arrays.asList(row.get("first_few", Long[].class))),
                                Boolean.TRUE.equals(row.get("mine", Boolean.class)))))
                .all();
    }
}

package com.staffchat.message.snapshot;

import com.staffchat.events.ConversationKind;
import com.staffchat.events.ConversationSnapshot;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of snapshots: the state a snapshot carries, read under shared row locks. Every query names the hotel.
 *
 * <p>Locks are taken as every change of a conversation takes them: its conversation row first (sends, membership and
 * role changes lock it), then participant rows (read moves and mutes lock only their own), so a page waits for the
 * changes in flight and they wait for the page, and none of them deadlocks with it.
 */
@Repository
class SnapshotRepository {

    private final DatabaseClient db;

    SnapshotRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A conversation of a page, locked. */
    record Conversation(long id, ConversationKind kind, String title, long lastSeq) {}

    /** A participant of one of the page's conversations, locked. */
    record Member(long conversationId, ConversationSnapshot.Participant participant) {}

    /** Bounds how long the transaction's next statements wait for a row lock (then SQLSTATE 55P03). */
    Mono<Void> lockTimeout(Duration timeout) {
        // SET takes no parameters; the value is a number of milliseconds we format ourselves
        return db.sql("set local lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'")
                .then();
    }

    /**
     * The hotel's next {@code limit} conversations after id {@code after}, in id order, locked shared: no send,
     * membership or role change of them commits until the transaction ends.
     */
    Flux<Conversation> lockPage(String hotel, long after, int limit) {
        return db.sql("""
                select id, kind, title, last_seq from conversation
                where hotel = :hotel and id > :after
                order by id
                limit :limit
                for share""")
                .bind("hotel", hotel)
                .bind("after", after)
                .bind("limit", limit)
                .map(row -> new Conversation(
                        row.get("id", Long.class),
                        ConversationKind.valueOf(row.get("kind", String.class)),
                        row.get("title", String.class),
                        row.get("last_seq", Long.class)))
                .all();
    }

    /**
     * The participants of {@code conversationIds}, locked shared (no read move or mute of theirs commits until the
     * transaction ends), by conversation and staff id. A mute holds when it ends after {@code now}; its end is null
     * when it is for good ({@code 'infinity'}) or over.
     */
    Flux<Member> lockParticipants(String hotel, Long[] conversationIds, OffsetDateTime now) {
        return db.sql("""
                select conversation_id, staff_id, role, last_read_seq,
                       coalesce(muted_until > :now, false) as muted,
                       case when muted_until > :now and isfinite(muted_until) then muted_until end as muted_until
                from participant
                where hotel = :hotel and conversation_id = any(:ids)
                order by conversation_id, staff_id
                for share""")
                .bind("hotel", hotel)
                .bind("ids", conversationIds)
                .bind("now", now)
                .map(row -> {
                    OffsetDateTime until = row.get("muted_until", OffsetDateTime.class);
                    return new Member(
                            row.get("conversation_id", Long.class),
                            new ConversationSnapshot.Participant(
                                    row.get("staff_id", Long.class),
                                    row.get("role", String.class),
                                    row.get("last_read_seq", Long.class),
                                    Boolean.TRUE.equals(row.get("muted", Boolean.class)),
                                    until == null ? null : until.toInstant()));
                })
                .all();
    }

    /** Every hotel that has a conversation. */
    Flux<String> hotels() {
        return db.sql("select distinct hotel from conversation order by hotel")
                .map(row -> row.get("hotel", String.class))
                .all();
    }
}

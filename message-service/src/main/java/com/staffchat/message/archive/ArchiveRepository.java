package com.staffchat.message.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for archiving. Every query names the hotel; each change runs after {@link #lock} in its transaction. */
@Repository
class ArchiveRepository {

    private final DatabaseClient db;

    ArchiveRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The caller's view of a conversation they take part in. {@code archivedForMe} follows the shared definition:
     * archived by me and no message since, so a new message brings it back without a write on the send path.
     */
    record State(boolean group, boolean admin, boolean archivedForMe, boolean archivedForAll) {}

    /**
     * The state, empty when the caller does not take part. For me: locks the caller's participant row. For
     * everyone: locks the conversation row {@code for update}, which waits for edits and reactions in flight (they
     * hold it {@code for key share}) and makes the ones after the archive see it; a send waits on it too (its
     * update takes the row's lock), so nothing is written into a conversation once its archive has committed.
     */
    Mono<State> lock(String hotel, long conversationId, long staffId, boolean forEveryone) {
        return db.sql("""
                select c.kind = 'GROUP' as grp, p.role = 'ADMIN' as admin,
                       p.archived_at is not null
                           and (c.last_message_at is null or c.last_message_at <= p.archived_at) as archived_for_me,
                       c.archived_at is not null as archived_for_all
                from participant p join conversation c on c.id = p.conversation_id and c.hotel = p.hotel
                where p.hotel = :hotel and p.conversation_id = :c and p.staff_id = :s
                """ + (forEveryone ? "for update of c" : "for update of p"))
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> new State(
                        Boolean.TRUE.equals(row.get("grp", Boolean.class)),
                        Boolean.TRUE.equals(row.get("admin", Boolean.class)),
                        Boolean.TRUE.equals(row.get("archived_for_me", Boolean.class)),
                        Boolean.TRUE.equals(row.get("archived_for_all", Boolean.class))))
                .one();
    }

    /**
     * Archived for me as of {@code at}, or as of the newest message if that carries a later time (a clock behind
     * the sender's must not leave the conversation in the list).
     */
    Mono<Void> archiveForMe(String hotel, long conversationId, long staffId, Instant at) {
        return db.sql("""
                update participant p set archived_at = greatest(:at, c.last_message_at)
                from conversation c
                where p.hotel = :hotel and p.conversation_id = :c and p.staff_id = :s
                  and c.id = p.conversation_id and c.hotel = p.hotel""")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .then();
    }

    Mono<Void> unarchiveForMe(String hotel, long conversationId, long staffId) {
        return db.sql("""
                update participant set archived_at = null
                where hotel = :hotel and conversation_id = :c and staff_id = :s""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .then();
    }

    Mono<Void> archiveForEveryone(String hotel, long conversationId, long staffId, Instant at) {
        return db.sql("""
                update conversation set archived_at = :at, archived_by = :s where hotel = :hotel and id = :c""")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("s", staffId)
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .then();
    }

    Mono<Void> unarchiveForEveryone(String hotel, long conversationId) {
        return db.sql("""
                update conversation set archived_at = null, archived_by = null where hotel = :hotel and id = :c""").bind("hotel", hotel).bind("c", conversationId).then();
    }
}

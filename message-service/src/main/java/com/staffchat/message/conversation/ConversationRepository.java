package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import com.staffchat.message.Nullable;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for conversations and participants. Every query names the hotel. */
@Repository
class ConversationRepository {

    private static final String COLUMNS =
            " c.id, c.kind, c.title, c.description, c.avatar_url, c.created_by, c.created_at, c.last_seq, c.last_message_at ";

    private final DatabaseClient db;

    ConversationRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Long> insert(
            String hotel,
            ConversationKind kind,
            String title,
            String description,
            String directKey,
            long createdBy,
            boolean historyVisible) {
        return db.sql("""
                insert into conversation (hotel, kind, title, description, direct_key, created_by, history_visible)
                values (:hotel, :kind, :title, :description, :directKey, :createdBy, :historyVisible)
                on conflict (hotel, direct_key) do nothing
                returning id""")
                .bind("hotel", hotel)
                .bind("kind", kind.name())
                .bind("title", Nullable.of(title, String.class))
                .bind("description", Nullable.of(description, String.class))
                .bind("directKey", Nullable.of(directKey, String.class))
                .bind("createdBy", createdBy)
                .bind("historyVisible", historyVisible)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    Mono<Long> findDirect(String hotel, String directKey) {
        return db.sql("select id from conversation where hotel = :hotel and direct_key = :key")
                .bind("hotel", hotel)
                .bind("key", directKey)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** A conversation row as stored, before the caller's read state is known. */
    record Row(
            long id,
            ConversationKind kind,
            String title,
            String description,
            String avatarUrl,
            long createdBy,
            Instant createdAt,
            long lastSeq,
            Instant lastMessageAt) {}

    /** The conversation if {@code staffId} takes part in it; empty otherwise. */
    Mono<Row> findForParticipant(String hotel, long conversationId, long staffId) {
        return db.sql("select " + COLUMNS + """
                 from conversation c
                where c.id = :id and c.hotel = :hotel
                  and exists (select 1 from participant p
                              where p.hotel = :hotel and p.conversation_id = c.id and p.staff_id = :staff)""")
                .bind("id", conversationId)
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .map(ConversationRepository::row)
                .one();
    }

    /** The caller's conversations, most recently active first: one query. */
    Flux<Row> listForParticipant(String hotel, long staffId, int limit) {
        return db.sql("select " + COLUMNS + """
                 from conversation c join participant p on p.conversation_id = c.id
                where p.hotel = :hotel and p.staff_id = :staff and c.hotel = :hotel
                order by coalesce(c.last_message_at, c.created_at) desc, c.id desc limit :limit""")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .bind("limit", limit)
                .map(ConversationRepository::row)
                .all();
    }

    private static Row row(Readable row) {
        return new Row(
                row.get("id", Long.class),
                ConversationKind.valueOf(row.get("kind", String.class)),
                row.get("title", String.class),
                row.get("description", String.class),
                row.get("avatar_url", String.class),
                row.get("created_by", Long.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                row.get("last_seq", Long.class),
                instant(row.get("last_message_at", OffsetDateTime.class)));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

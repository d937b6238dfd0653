package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import com.staffchat.message.Nullable;
import com.staffchat.message.conversation.ConversationView.ParticipantView;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for conversations and participants. Every query names the hotel. */
@Repository
class ConversationRepository {

    private static final String VIEW_COLUMNS =
            " c.id, c.kind, c.title, c.description, c.avatar_url, c.created_by, c.created_at, c.last_seq, c.last_message_at, p.last_read_seq ";

    private final DatabaseClient db;

    ConversationRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Long> insert(
            String hotel, ConversationKind kind, String title, String description, String directKey, long createdBy) {
        return db.sql("""
                insert into conversation (hotel, kind, title, description, direct_key, created_by)
                values (:hotel, :kind, :title, :description, :directKey, :createdBy)
                on conflict (hotel, direct_key) do nothing
                returning id""")
                .bind("hotel", hotel)
                .bind("kind", kind.name())
                .bind("title", Nullable.of(title, String.class))
                .bind("description", Nullable.of(description, String.class))
                .bind("directKey", Nullable.of(directKey, String.class))
                .bind("createdBy", createdBy)
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

    Mono<Void> addParticipant(String hotel, long conversationId, long staffId, String role) {
        return db.sql("""
                insert into participant (conversation_id, hotel, staff_id, role) values (:c, :hotel, :s, :role)
                on conflict do nothing""")
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("s", staffId)
                .bind("role", role)
                .then();
    }

    /** The conversation as {@code staffId} sees it; empty when it is not theirs to see. */
    Mono<ConversationView> findForParticipant(String hotel, long conversationId, long staffId) {
        return db.sql("select " + VIEW_COLUMNS + """
                 from conversation c join participant p on p.conversation_id = c.id and p.staff_id = :staff
                where c.id = :id and c.hotel = :hotel""")
                .bind("id", conversationId)
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .map(ConversationRepository::view)
                .one()
                .flatMap(v -> participants(conversationId).collectList().map(ps -> withParticipants(v, ps)));
    }

    Flux<ConversationView> listForParticipant(String hotel, long staffId, int limit) {
        return db.sql("select " + VIEW_COLUMNS + """
                 from conversation c join participant p on p.conversation_id = c.id
                where p.hotel = :hotel and p.staff_id = :staff
                order by coalesce(c.last_message_at, c.created_at) desc, c.id desc limit :limit""")
                .bind("hotel", hotel)
                .bind("staff", staffId)
                .bind("limit", limit)
                .map(ConversationRepository::view)
                .all()
                .concatMap(v -> participants(v.id()).collectList().map(ps -> withParticipants(v, ps)));
    }

    Flux<ParticipantView> participants(long conversationId) {
        return db.sql("""
                select staff_id, role, last_read_seq from participant where conversation_id = :c order by joined_at,
                staff_id""")
                .bind("c", conversationId)
                .map(row -> new ParticipantView(
                        row.get("staff_id", Long.class),
                        row.get("role", String.class),
                        row.get("last_read_seq", Long.class)))
                .all();
    }

    private static ConversationView view(Readable row) {
        long lastSeq = row.get("last_seq", Long.class);
        return new ConversationView(
                row.get("id", Long.class),
                ConversationKind.valueOf(row.get("kind", String.class)),
                row.get("title", String.class),
                row.get("description", String.class),
                row.get("avatar_url", String.class),
                row.get("created_by", Long.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                lastSeq,
                instant(row.get("last_message_at", OffsetDateTime.class)),
                Math.max(0, lastSeq - row.get("last_read_seq", Long.class)),
                List.of());
    }

    private static ConversationView withParticipants(ConversationView v, List<ParticipantView> ps) {
        return new ConversationView(
                v.id(),
                v.kind(),
                v.title(),
                v.description(),
                v.avatarUrl(),
                v.createdBy(),
                v.createdAt(),
                v.lastSeq(),
                v.lastMessageAt(),
                v.unreadCount(),
                ps);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

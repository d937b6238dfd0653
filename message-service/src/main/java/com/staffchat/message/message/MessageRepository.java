package com.staffchat.message.message;

import com.staffchat.events.ReplyPreview;
import com.staffchat.message.Nullable;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for messages. Every query names the hotel. Pages go by seq, the order within a conversation. */
@Repository
class MessageRepository {

    static final String DELETED_BODY = "[Message deleted]";

    /** A message {@code m} and the message it replies to {@code r}, for the reply preview. */
    private static final String SELECT = """
            select m.id, m.conversation_id, m.seq, m.sender_id, m.body, m.client_id, m.created_at, m.edited_at,
                   m.deleted_at, r.id as reply_id, r.sender_id as reply_sender_id, r.body as reply_body,
                   r.deleted_at as reply_deleted_at
            """;

    private static final String REPLY_JOIN = " left join message r on r.id = m.reply_to_id and r.hotel = m.hotel ";

    private final DatabaseClient db;

    MessageRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Takes the next seq under the conversation row's lock, so seqs have no gaps and no duplicates. */
    Mono<Long> nextSeq(String hotel, long conversationId) {
        return db.sql("""
                update conversation set last_seq = last_seq + 1, last_message_at = now()
                where id = :id and hotel = :hotel returning last_seq""")
                .bind("id", conversationId)
                .bind("hotel", hotel)
                .map(row -> row.get("last_seq", Long.class))
                .one();
    }

    Mono<MessageView> insert(
            String hotel, long conversationId, long seq, long senderId, String body, Long replyToId, String clientId) {
        return db.sql("""
                with m as (
                    insert into message (conversation_id, hotel, seq, sender_id, body, reply_to_id, client_id)
                    values (:c, :hotel, :seq, :sender, :body, :replyTo, :clientId)
                    returning *)
                """ + SELECT + " from m" + REPLY_JOIN)
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("seq", seq)
                .bind("sender", senderId)
                .bind("body", body)
                .bind("replyTo", Nullable.of(replyToId, Long.class))
                .bind("clientId", Nullable.of(clientId, String.class))
                .map(MessageRepository::view)
                .one();
    }

    Mono<MessageView> findByClientId(String hotel, long conversationId, long senderId, String clientId) {
        return db.sql(SELECT + " from message m" + REPLY_JOIN + """
                where m.hotel = :hotel and m.conversation_id = :c and m.sender_id = :s and m.client_id = :cid""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", senderId)
                .bind("cid", clientId)
                .map(MessageRepository::view)
                .one();
    }

    Mono<Boolean> existsInConversation(String hotel, long conversationId, long messageId) {
        return db.sql("select 1 from message where hotel = :hotel and conversation_id = :c and id = :id")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("id", messageId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /** Newest first, with a seq below {@code beforeSeq} when given. */
    Flux<MessageView> pageBefore(String hotel, long conversationId, Long beforeSeq, int limit) {
        return db.sql(SELECT + " from message m" + REPLY_JOIN + """
                where m.hotel = :hotel and m.conversation_id = :c and m.seq < :before
                order by m.seq desc limit :limit""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("before", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                .bind("limit", limit)
                .map(MessageRepository::view)
                .all();
    }

    /** Oldest first, with a seq above {@code afterSeq}: how a client catches up after a gap. */
    Flux<MessageView> pageAfter(String hotel, long conversationId, long afterSeq, int limit) {
        return db.sql(SELECT + " from message m" + REPLY_JOIN + """
                where m.hotel = :hotel and m.conversation_id = :c and m.seq > :after
                order by m.seq asc limit :limit""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(MessageRepository::view)
                .all();
    }

    private static MessageView view(Readable row) {
        Instant deleted = instant(row.get("deleted_at", OffsetDateTime.class));
        Long replyId = row.get("reply_id", Long.class);
        ReplyPreview replyTo = replyId == null
                ? null
                : new ReplyPreview(
                        replyId,
                        row.get("reply_sender_id", Long.class),
                        row.get("reply_deleted_at", OffsetDateTime.class) != null
                                ? DELETED_BODY
                                : ReplyPreview.previewOf(row.get("reply_body", String.class)));
        return new MessageView(
                row.get("id", Long.class),
                row.get("conversation_id", Long.class),
                row.get("seq", Long.class),
                row.get("sender_id", Long.class),
                deleted != null ? DELETED_BODY : row.get("body", String.class),
                replyTo,
                List.of(),
                List.of(),
                List.of(),
                row.get("client_id", String.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("edited_at", OffsetDateTime.class)),
                deleted);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

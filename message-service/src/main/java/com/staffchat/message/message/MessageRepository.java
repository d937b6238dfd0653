package com.staffchat.message.message;

import com.staffchat.message.Nullable;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for messages. Every query names the hotel. */
@Repository
class MessageRepository {

    private static final String COLUMNS =
            " id, conversation_id, seq, sender_id, body, reply_to_id, client_id, created_at, edited_at, deleted_at ";

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
                insert into message (conversation_id, hotel, seq, sender_id, body, reply_to_id, client_id)
                values (:c, :hotel, :seq, :sender, :body, :replyTo, :clientId)
                returning """ + COLUMNS)
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
        return db.sql("select " + COLUMNS + """
                 from message where hotel = :hotel and conversation_id = :c and sender_id = :s and client_id = :cid""")
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

    Mono<Void> markReadUpTo(long conversationId, long staffId, long messageId, long seq) {
        return db.sql("""
                update participant set last_read_message_id = :m, last_read_seq = :seq
                where conversation_id = :c and staff_id = :s and last_read_seq < :seq""")
                .bind("m", messageId)
                .bind("seq", seq)
                .bind("c", conversationId)
                .bind("s", staffId)
                .then();
    }

    /** Newest first, strictly older than {@code before} when given. */
    Flux<MessageView> pageBefore(String hotel, long conversationId, Long before, int limit) {
        return db.sql("select " + COLUMNS + """
                 from message where hotel = :hotel and conversation_id = :c and id < :before
                order by id desc limit :limit""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("before", before == null ? Long.MAX_VALUE : before)
                .bind("limit", limit)
                .map(MessageRepository::view)
                .all();
    }

    /** Oldest first, strictly newer than {@code after}: how a client catches up after a gap. */
    Flux<MessageView> pageAfter(String hotel, long conversationId, long after, int limit) {
        return db.sql("select " + COLUMNS + """
                 from message where hotel = :hotel and conversation_id = :c and id > :after
                order by id asc limit :limit""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("after", after)
                .bind("limit", limit)
                .map(MessageRepository::view)
                .all();
    }

    private static MessageView view(Readable row) {
        boolean deleted = row.get("deleted_at", OffsetDateTime.class) != null;
        OffsetDateTime edited = row.get("edited_at", OffsetDateTime.class);
        return new MessageView(
                row.get("id", Long.class),
                row.get("conversation_id", Long.class),
                row.get("seq", Long.class),
                row.get("sender_id", Long.class),
                deleted ? "[Message deleted]" : row.get("body", String.class),
                row.get("reply_to_id", Long.class),
                row.get("client_id", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                edited == null ? null : edited.toInstant(),
                deleted);
    }
}

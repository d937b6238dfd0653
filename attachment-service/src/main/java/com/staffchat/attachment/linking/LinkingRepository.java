package com.staffchat.attachment.linking;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for links and removals on the {@code attachment} table. Every query names the hotel or works by row id. */
@Repository
class LinkingRepository {

    /** A stored attachment about to be removed, with what its files are stored under. */
    record Stored(UUID id, String hotel, long conversationId, long uploaderId, String objectKey, String thumbnailKey) {}

    private static final String STORED_COLUMNS = "id, hotel, conversation_id, uploader_id, object_key, thumbnail_key";

    private final DatabaseClient db;

    LinkingRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Sets {@code message_id} on the attachments of a sent message: only rows of that hotel, conversation and sender,
     * not deleted, and not linked to another message. Linking again to the same message changes nothing.
     *
     * @return how many rows are linked to the message now, of the ids given
     */
    Mono<Long> link(String hotel, long conversationId, long senderId, long messageId, UUID[] ids) {
        return db.sql("""
                update attachment set message_id = :m
                where hotel = :hotel and conversation_id = :c and uploader_id = :sender and id = any(:ids)
                  and deleted_at is null and (message_id is null or message_id = :m)""")
                .bind("m", messageId)
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("sender", senderId)
                .bind("ids", ids)
                .fetch()
                .rowsUpdated();
    }

    /** The message's attachments not yet removed, locked until the transaction ends. */
    Flux<Stored> ofMessage(String hotel, long conversationId, long messageId) {
        return db.sql("select " + STORED_COLUMNS + """
                 from attachment
                where hotel = :hotel and conversation_id = :c and message_id = :m and deleted_at is null
                order by id
                for update""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("m", messageId)
                .map(LinkingRepository::stored)
                .all();
    }

    /**
     * Up to {@code limit} uploads never linked to a message and created before {@code cutoff}, locked until the
     * transaction ends; rows another instance's clean-up holds are skipped, not waited for.
     */
    Flux<Stored> unsentBefore(Instant cutoff, int limit) {
        return db.sql("select " + STORED_COLUMNS + """
                 from attachment
                where message_id is null and deleted_at is null and created_at < :cutoff
                order by created_at
                limit :limit
                for update skip locked""")
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .map(LinkingRepository::stored)
                .all();
    }

    Mono<Long> markDeleted(Collection<UUID> ids, Instant at) {
        return db.sql("update attachment set deleted_at = :at where id = any(:ids) and deleted_at is null")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("ids", ids.toArray(UUID[]::new))
                .fetch()
                .rowsUpdated();
    }

    private static Stored stored(io.r2dbc.spi.Readable row) {
        return new Stored(
                row.get("id", UUID.class),
                row.get("hotel", String.class),
                row.get("conversation_id", Long.class),
                row.get("uploader_id", Long.class),
                row.get("object_key", String.class),
                row.get("thumbnail_key", String.class));
    }
}

package com.staffchat.attachment.metadata;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The {@code attachment} table; the hotel is in every WHERE clause. */
@Component
public class AttachmentRepository {

    static final String COLUMNS = "id, hotel, conversation_id, uploader_id, message_id, file_name, content_type,"
            + " size_bytes, sha256, object_key, thumbnail_key, created_at, deleted_at, thumbnail_status,"
            + " thumbnail_small_width, thumbnail_small_height";

    private final DatabaseClient db;

    AttachmentRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores a new row; call inside the transaction that also writes its outbox event. */
    public Mono<Attachment> insert(Attachment a) {
        return db.sql("insert into attachment (id, hotel, conversation_id, uploader_id, file_name, content_type,"
                        + " size_bytes, sha256, object_key) values (:id, :hotel, :conversation, :uploader, :name,"
                        + " :type, :size, :sha256, :key) returning " + COLUMNS)
                .bind("id", a.id())
                .bind("hotel", a.hotel())
                .bind("conversation", a.conversationId())
                .bind("uploader", a.uploaderId())
                .bind("name", a.fileName())
                .bind("type", a.contentType())
                .bind("size", a.sizeBytes())
                .bind("sha256", a.sha256())
                .bind("key", a.objectKey())
                .map(AttachmentRepository::row)
                .one();
    }

    /** The live (not deleted) attachment {@code id} of {@code hotel}. */
    public Mono<Attachment> findLive(String hotel, UUID id) {
        return db.sql("select " + COLUMNS + " from attachment where hotel = :hotel and id = :id and deleted_at is null")
                .bind("hotel", hotel)
                .bind("id", id)
                .map(AttachmentRepository::row)
                .one();
    }

    /** Marks the row deleted; emits whether this call did (false: it was deleted meanwhile). */
    public Mono<Boolean> markDeleted(String hotel, UUID id) {
        return db.sql(
                        "update attachment set deleted_at = now() where hotel = :hotel and id = :id and deleted_at is null")
                .bind("hotel", hotel)
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    static Attachment row(Readable row) {
        OffsetDateTime deleted = row.get("deleted_at", OffsetDateTime.class);
        return new Attachment(
                row.get("id", UUID.class),
                row.get("hotel", String.class),
                row.get("conversation_id", Long.class),
                row.get("uploader_id", Long.class),
                row.get("message_id", Long.class),
                row.get("file_name", String.class),
                row.get("content_type", String.class),
                row.get("size_bytes", Long.class),
                row.get("sha256", String.class),
                row.get("object_key", String.class),
                row.get("thumbnail_key", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                deleted == null ? null : deleted.toInstant(),
                row.get("thumbnail_status", String.class),
                row.get("thumbnail_small_width", Integer.class),
                row.get("thumbnail_small_height", Integer.class));
    }
}

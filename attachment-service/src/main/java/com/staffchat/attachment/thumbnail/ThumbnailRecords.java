package com.staffchat.attachment.thumbnail;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The thumbnail columns of {@code attachment} (migration V5). A thumbnail is worked on under a lease: taking
 * it up stamps {@code thumbnail_status_at} and counts the attempt, and nobody else takes it up until the
 * lease ({@code staffchat.thumbnails.sweep.pending-after}) has passed. Only a {@code PENDING} row changes
 * state, so two workers that raced both store the same objects but only one publishes.
 */
@Component
class ThumbnailRecords {

    private final DatabaseClient db;

    ThumbnailRecords(DatabaseClient db) {
        this.db = db;
    }

    /** A pending thumbnail taken up, with the number of this attempt. */
    record Claimed(AttachmentRef ref, int attempt) {}

    /**
     * Takes up {@code ref}'s thumbnail if it is pending and nobody holds it: never tried, or the last attempt's
     * lease has run out. Empty otherwise (done, deleted, or being made right now).
     */
    Mono<Integer> claim(AttachmentRef ref, Duration lease) {
        return db.sql("update attachment set thumbnail_status_at = now(), thumbnail_attempts = thumbnail_attempts + 1"
                        + " where hotel = :hotel and id = :id and deleted_at is null and thumbnail_status = 'PENDING'"
                        + " and (thumbnail_attempts = 0"
                        + " or thumbnail_status_at < now() - :leaseMillis * interval '1 millisecond')"
                        + " returning thumbnail_attempts")
                .bind("hotel", ref.hotel())
                .bind("id", ref.attachmentId())
                .bind("leaseMillis", lease.toMillis())
                .map(row -> row.get("thumbnail_attempts", Integer.class))
                .one();
    }

    /**
     * Takes up to {@code limit} thumbnails that have been pending longer than {@code lease} (of every hotel: the
     * sweep is the service's own housekeeping). Rows another instance is taking up at the same moment are
     * skipped, not waited for.
     */
    Flux<Claimed> claimOverdue(Duration lease, int limit) {
        return db.sql("with due as (select id from attachment"
                        + " where thumbnail_status = 'PENDING' and deleted_at is null"
                        + " and thumbnail_status_at < now() - :leaseMillis * interval '1 millisecond'"
                        + " order by thumbnail_status_at limit :limit for update skip locked)"
                        + " update attachment a set thumbnail_status_at = now(),"
                        + " thumbnail_attempts = a.thumbnail_attempts + 1"
                        + " from due where a.id = due.id"
                        + " returning a.hotel, a.id, a.conversation_id, a.object_key, a.content_type,"
                        + " a.thumbnail_attempts")
                .bind("leaseMillis", lease.toMillis())
                .bind("limit", limit)
                .map(row -> new Claimed(
                        new AttachmentRef(
                                row.get("hotel", String.class),
                                row.get("id", UUID.class),
                                row.get("conversation_id", Long.class),
                                row.get("object_key", String.class),
                                row.get("content_type", String.class)),
                        row.get("thumbnail_attempts", Integer.class)))
                .all();
    }

    /**
     * Marks the thumbnail ready with its two objects; emits when the attachment was uploaded (for the
     * upload-to-ready time), or nothing if the row was not pending any more (deleted, or done by another worker).
     */
    Mono<OffsetDateTime> markReady(AttachmentRef ref, RenderedThumbnails thumbnails) {
        return db.sql("update attachment set thumbnail_status = 'READY', thumbnail_status_at = now(),"
                        + " thumbnail_error = null,"
                        + " thumbnail_key = :smallKey, thumbnail_small_width = :smallWidth,"
                        + " thumbnail_small_height = :smallHeight,"
                        + " thumbnail_large_key = :largeKey, thumbnail_large_width = :largeWidth,"
                        + " thumbnail_large_height = :largeHeight"
                        + " where hotel = :hotel and id = :id and deleted_at is null and thumbnail_status = 'PENDING'"
                        + " returning created_at")
                .bind("smallKey", ThumbnailKeys.small(ref.objectKey()))
                .bind("smallWidth", thumbnails.small().width())
                .bind("smallHeight", thumbnails.small().height())
                .bind("largeKey", ThumbnailKeys.large(ref.objectKey()))
                .bind("largeWidth", thumbnails.large().width())
                .bind("largeHeight", thumbnails.large().height())
                .bind("hotel", ref.hotel())
                .bind("id", ref.attachmentId())
                .map(row -> row.get("created_at", OffsetDateTime.class))
                .one();
    }

    /** Ends a pending thumbnail as {@code NONE} or {@code FAILED} (with why, for operators). */
    Mono<Void> finish(AttachmentRef ref, ThumbnailStatus status, String error) {
        var spec = db.sql("update attachment set thumbnail_status = :status, thumbnail_status_at = now(),"
                        + " thumbnail_error = :error"
                        + " where hotel = :hotel and id = :id and thumbnail_status = 'PENDING'")
                .bind("status", status.name())
                .bind("hotel", ref.hotel())
                .bind("id", ref.attachmentId());
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", truncate(error));
        return spec.fetch().rowsUpdated().then();
    }

    /** The thumbnail's status, or nothing when the attachment is gone (deleted or never there). */
    Mono<ThumbnailStatus> status(AttachmentRef ref) {
        return db.sql("select thumbnail_status from attachment"
                        + " where hotel = :hotel and id = :id and deleted_at is null")
                .bind("hotel", ref.hotel())
                .bind("id", ref.attachmentId())
                .map(row -> ThumbnailStatus.valueOf(row.get("thumbnail_status", String.class)))
                .one();
    }

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}

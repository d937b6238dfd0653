package com.staffchat.message.message;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for one message after its send: get, edit with history, soft and hard delete. Every query names the hotel.
 * Changes run in the caller's transaction, after {@link #lock} has taken the message row's lock.
 */
@Repository
class MessageLifecycleRepository {

    private final DatabaseClient db;

    MessageLifecycleRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The message (or the stub of a hard-deleted one) if {@code caller} takes part in its conversation. */
    Mono<MessageView> find(String hotel, long id, long caller) {
        return db.sql(MessageRepository.SELECT + " from " + MessageRepository.ROWS + MessageRepository.REPLY_JOIN + """
                where m.hotel = :hotel and m.id = :id
                  and exists (select 1 from participant p where p.hotel = :hotel
                              and p.conversation_id = m.conversation_id and p.staff_id = :caller
                              and m.seq > p.visible_from_seq)""")
                .bind("hotel", hotel)
                .bind("id", id)
                .bind("caller", caller)
                .map(MessageRepository::view)
                .one();
    }

    /**
     * A message about to change, with the caller's membership of its conversation. {@code stub}: only the stub of
     * a hard delete is left ({@code body} empty).
     */
    record Target(
            long id,
            long conversationId,
            long seq,
            long senderId,
            String body,
            Instant deletedAt,
            boolean member,
            boolean stub,
            boolean archived,
            boolean system) {

        boolean deleted() {
            return deletedAt != null;
        }
    }

    /**
     * The message with its row locked until the transaction ends, or its stub; empty when neither exists. {@code
     * archived}: its conversation is archived for everyone. The conversation row is held {@code for key share}, which
     * sends do not wait for but an archive for everyone does, so no edit slips in after an archive has committed.
     */
    Mono<Target> lock(String hotel, long id, long caller) {
        Mono<Target> message = db.sql("""
                select m.id, m.conversation_id, m.seq, m.sender_id, m.body, m.deleted_at,
                       exists (select 1 from participant p where p.hotel = :hotel
                               and p.conversation_id = m.conversation_id and p.staff_id = :caller
                               and m.seq > p.visible_from_seq) as member,
                       false as stub, c.archived_at is not null as archived, m.kind = 'SYSTEM' as system
                from message m join conversation c on c.id = m.conversation_id and c.hotel = m.hotel
                where m.hotel = :hotel and m.id = :id
                for update of m for key share of c""")
                .bind("hotel", hotel)
                .bind("id", id)
                .bind("caller", caller)
                .map(MessageLifecycleRepository::target)
                .one();
        Mono<Target> stub = db.sql("""
                select t.id, t.conversation_id, t.seq, t.sender_id, '' as body, t.deleted_at,
                       exists (select 1 from participant p where p.hotel = :hotel
                               and p.conversation_id = t.conversation_id and p.staff_id = :caller
                               and t.seq > p.visible_from_seq) as member,
                       true as stub,
                       exists (select 1 from conversation c where c.id = t.conversation_id and c.hotel = t.hotel
                               and c.archived_at is not null) as archived,
                       false as system
                from message_tombstone t where t.hotel = :hotel and t.id = :id""")
                .bind("hotel", hotel)
                .bind("id", id)
                .bind("caller", caller)
                .map(MessageLifecycleRepository::target)
                .one();
        return message.switchIfEmpty(stub);
    }

    private static Target target(io.r2dbc.spi.Readable row) {
        return new Target(
                row.get("id", Long.class),
                row.get("conversation_id", Long.class),
                row.get("seq", Long.class),
                row.get("sender_id", Long.class),
                row.get("body", String.class),
                MessageRepository.instant(row.get("deleted_at", OffsetDateTime.class)),
                Boolean.TRUE.equals(row.get("member", Boolean.class)),
                Boolean.TRUE.equals(row.get("stub", Boolean.class)),
                Boolean.TRUE.equals(row.get("archived", Boolean.class)),
                Boolean.TRUE.equals(row.get("system", Boolean.class)));
    }

    /** Keeps the current text as the next earlier version (with the time it was written) and stores the new one. */
    Mono<Void> edit(String hotel, long id, String body, Instant editedAt) {
        return db.sql("""
                with earlier as (
                    insert into message_version (message_id, hotel, version, body, written_at)
                    select m.id, m.hotel,
                           (select coalesce(max(v.version), 0) + 1 from message_version v where v.message_id = m.id),
                           m.body, coalesce(m.edited_at, m.created_at)
                    from message m where m.hotel = :hotel and m.id = :id)
                update message set body = :body, edited_at = :editedAt where hotel = :hotel and id = :id""")
                .bind("hotel", hotel)
                .bind("id", id)
                .bind("body", body)
                .bind("editedAt", editedAt.atOffset(ZoneOffset.UTC))
                .then();
    }

    /** One earlier text of a message. */
    record Version(int version, String body, Instant writtenAt) {}

    /** The earlier texts, oldest first (not the current one). */
    Flux<Version> earlierVersions(String hotel, long id) {
        return db.sql("""
                select version, body, written_at from message_version
                where hotel = :hotel and message_id = :id order by version""")
                .bind("hotel", hotel)
                .bind("id", id)
                .map(row -> new Version(
                        row.get("version", Integer.class),
                        row.get("body", String.class),
                        MessageRepository.instant(row.get("written_at", OffsetDateTime.class))))
                .all();
    }

    /**
     * Soft delete: the row keeps its place ({@code seq}) and its metadata; its text, its reply link, its edit
     * history, its mentions, its reactions and its attachment links are erased from the database, not only hidden
     * (attachment-service removes the files on the event).
     */
    Mono<Void> softDelete(String hotel, long id, long deletedBy, Instant deletedAt) {
        return db.sql("""
                with erased as (delete from message_version where hotel = :hotel and message_id = :id),
                     unmentioned as (delete from mention where hotel = :hotel and message_id = :id),
                     unreacted as (delete from reaction where hotel = :hotel and message_id = :id),
                     unattached as (delete from message_attachment where hotel = :hotel and message_id = :id)
                update message set body = '', reply_to_id = null, edited_at = null, deleted_at = :at, deleted_by = :by,
                       has_attachments = false
                where hotel = :hotel and id = :id""")
                .bind("hotel", hotel)
                .bind("id", id)
                .bind("at", deletedAt.atOffset(ZoneOffset.UTC))
                .bind("by", deletedBy)
                .then();
    }

    /**
     * Hard delete: the row goes (its history with it, by cascade; its attachment links explicitly) and a stub with its id, conversation, seq, sender
     * and times takes its place, so listings stay gap-free.
     */
    Mono<Void> hardDelete(String hotel, long id, long deletedBy, Instant deletedAt) {
        return db.sql("""
                with stub as (
                    insert into message_tombstone
                        (conversation_id, seq, hotel, id, sender_id, created_at, deleted_at, deleted_by)
                    select conversation_id, seq, hotel, id, sender_id, created_at, :at, :by
                    from message where hotel = :hotel and id = :id),
                unattached as (delete from message_attachment where hotel = :hotel and message_id = :id)
                delete from message where hotel = :hotel and id = :id""")
                .bind("hotel", hotel)
                .bind("id", id)
                .bind("at", deletedAt.atOffset(ZoneOffset.UTC))
                .bind("by", deletedBy)
                .then();
    }
}

package com.staffchat.message.message;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.MessageKind;
import com.staffchat.events.ReplyPreview;
import com.staffchat.message.Nullable;
import com.staffchat.message.mention.Mentioned;
import com.staffchat.message.outbox.Outbox;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for messages. Every query names the hotel. Pages go by seq, the order within a conversation. */
@Repository
class MessageRepository {

    static final String DELETED_BODY = "[Message deleted]";

    /**
     * A message {@code m} and the message it replies to ({@code r}, or its stub {@code rt} once hard-deleted), for
     * the reply preview, computed at read time so it shows the quoted message as it is now.
     */
    static final String SELECT = """
            select m.id, m.conversation_id, m.seq, m.sender_id, m.body, m.client_id, m.created_at, m.edited_at,
                   m.deleted_at, coalesce(r.id, rt.id) as reply_id,
                   coalesce(r.sender_id, rt.sender_id) as reply_sender_id, r.body as reply_body,
                   coalesce(r.deleted_at, rt.deleted_at) as reply_deleted_at,
                   (select array_agg(mn.staff_id order by mn.staff_id) from mention mn where mn.message_id = m.id)
                       as mentions,
                   (select json_agg(json_build_object('id', a.attachment_id, 'fileName', a.file_name,
                                                      'contentType', a.content_type, 'sizeBytes', a.size_bytes)
                                    order by a.position)
                    from message_attachment a where a.message_id = m.id and a.hotel = m.hotel)::text as attachments,
                   m.kind, m.system::text as system
            """;

    static final String REPLY_JOIN = """
             left join message r on r.id = m.reply_to_id and r.hotel = m.hotel
             left join message_tombstone rt on rt.id = m.reply_to_id and rt.hotel = m.hotel
            """;

    /**
     * The messages and the stubs of hard-deleted ones as rows of one shape, so a page merges both by seq and a
     * conversation's seqs stay gap-free. PostgreSQL pushes the page's conditions into both branches (each served
     * by its (conversation_id, seq) index).
     */
    static final String ROWS = """
             (select id, conversation_id, hotel, seq, sender_id, body, reply_to_id, client_id, created_at, edited_at,
                     deleted_at, kind, system
              from message
              union all
              select id, conversation_id, hotel, seq, sender_id, '', null::bigint, null::text, created_at,
                     null::timestamptz, deleted_at, 'USER', null::jsonb
              from message_tombstone) m
            """;

    private final DatabaseClient db;

    MessageRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The whole send in one statement, so one round trip and an implicit transaction: the
     * membership check, the client-id lookup, the seq bump (which takes the conversation row's lock,
     * so seqs have no gaps and no duplicates), the message, the sender's read position and the outbox
     * row ({@link #SEND_MENTIONING} also stores the message's mentions). The two updates set their rows' change stamp
     * ({@code changed_xid}, V9) themselves, so the stamping triggers skip them. The lock is held only while this one statement
     * runs and commits.
     *
     * <p>The outbox payload is the envelope encoded by EventCodec in Java, with {@code "id":0,} and
     * {@code "seq":0,} standing for the message id and seq that only this statement knows; it
     * replaces exactly those two, which cannot occur anywhere else in the JSON (strings escape their
     * quotes; the envelope's own id is a string; a reply preview's id is a real, positive id).
     *
     * <p>Returns one row: {@code stored} with the new id and seq, or {@code earlier} with the id of the
     * message this sender already sent with this client id; no row when the sender is not a
     * participant (or the conversation is another hotel's, or absent), or when the conversation is
     * archived for everyone (read-only: {@code archived_at is null} in the conversation's update is
     * one more test of the row it already locks, and {@link #whyNotSent} tells 404 from 409 on the
     * failure path only). Two sends racing with one client id: the loser fails on the unique index
     * {@code message_client_id} and rolls back whole.
     * PostgresSendBench (the bench module) reads this constant's text from this file: keep it a
     * text block of its own.
     */
    static final String SEND = """
            with member as (
                select 1 from participant where hotel = :hotel and conversation_id = :c and staff_id = :sender),
            earlier as (
                select id from message
                where hotel = :hotel and conversation_id = :c and sender_id = :sender and client_id = :clientId
                  and exists (select 1 from member)),
            next as (
                update conversation set last_seq = last_seq + 1, last_message_at = :createdAt, changed_xid = pg_current_xact_id()
                where id = :c and hotel = :hotel and archived_at is null
                  and exists (select 1 from member) and not exists (select 1 from earlier)
                returning last_seq as seq),
            stored as (
                insert into message (id, conversation_id, hotel, seq, sender_id, body, reply_to_id, client_id, created_at)
                select next_id(), :c, :hotel, next.seq, :sender, :body, :replyTo, :clientId, :createdAt from next
                returning id, seq),
            read as (
                update participant p set last_read_message_id = s.id, last_read_seq = s.seq, changed_xid = pg_current_xact_id()
                from stored s
                where p.hotel = :hotel and p.conversation_id = :c and p.staff_id = :sender and p.last_read_seq < s.seq),
            event as (
                insert into outbox (event_id, topic, record_key, event_type, tenant, payload, traceparent)
                select :eventId, :topic, :key, :type, :hotel,
                       replace(replace(:payload, '"id":0,', '"id":' || s.id || ','), '"seq":0,', '"seq":' || s.seq || ','),
                       :traceparent
                from stored s)
            select 'stored' as outcome, id, seq from stored
            union all
            select 'earlier', id, null from earlier""";

    /**
     * The mentions' insert, for a body that mentions someone ({@code :mentioned} staff ids and
     * {@code :mentionKinds}, resolved before by Mentions.resolve). Kept out of {@link #SEND}: even
     * over empty arrays it cost about 10 % of PostgreSQL's rate for the statement (docs/benchmarks.md).
     */
    private static final String MENTIONED = """
            mentioned as (
                insert into mention (message_id, staff_id, hotel, conversation_id, seq, sender_id, kind, created_at)
                select s.id, x.staff_id, :hotel, :c, s.seq, :sender, x.kind, :createdAt
                from stored s,
                     unnest(cast(:mentioned as bigint[]), cast(:mentionKinds as text[])) as x(staff_id, kind)),
            """;

    private static final String READ_PART = "\nread as (";

    /** {@link #SEND} that also stores the message's mentions, in the same statement. */
    static final String SEND_MENTIONING = SEND.replace(READ_PART, "\n" + MENTIONED + READ_PART.substring(1));

    /**
     * The attachments' links, for a send with attachment ids (checked before with attachment-service): one row per
     * attachment in the order sent, with the summary the message shape shows. The primary key on the attachment id
     * ({@code message_attachment_once}) fails the whole statement when another message has one of them.
     */
    private static final String ATTACHED = """
            attached as (
                insert into message_attachment
                    (attachment_id, message_id, hotel, conversation_id, position, file_name, content_type, size_bytes)
                select x.attachment_id, s.id, :hotel, :c, x.position, x.file_name, x.content_type, x.size_bytes
                from stored s,
                     unnest(cast(:attachmentIds as uuid[]), cast(:fileNames as text[]), cast(:contentTypes as text[]),
                            cast(:sizes as bigint[]))
                         with ordinality as x(attachment_id, file_name, content_type, size_bytes, position)),
            """;

    /** The message's columns in {@link #SEND}, and with {@code has_attachments} (what search filters on). */
    private static final String STORED_COLUMNS = "reply_to_id, client_id, created_at)";

    private static final String STORED_VALUES = ":clientId, :createdAt from next";

    static {
        if (!SEND.contains(READ_PART)) {
            throw new IllegalStateException("SEND has no 'read as (' part to put the mentions before");
        }
        for (String part : List.of(STORED_COLUMNS, STORED_VALUES)) {
            if (SEND.indexOf(part) < 0 || SEND.indexOf(part) != SEND.lastIndexOf(part)) {
                throw new IllegalStateException("SEND must contain '" + part + "' exactly once");
            }
        }
    }

    /** The send statement for a message with these parts: SEND itself for text alone (the benchmarked path). */
    static String sendStatement(boolean mentioning, boolean attaching) {
        String statement = mentioning ? SEND_MENTIONING : SEND;
        if (attaching) {
            statement = statement
                    .replace(STORED_COLUMNS, "reply_to_id, client_id, created_at, has_attachments)")
                    .replace(STORED_VALUES, ":clientId, :createdAt, true from next")
                    .replace(READ_PART, "\n" + ATTACHED + READ_PART.substring(1));
        }
        return statement;
    }

    /** What {@link #SEND} did. */
    record Stored(boolean isNew, long id, Long seq) {}

    /** Runs {@link #SEND}; empty when the sender is not a participant of the conversation. */
    Mono<Stored> send(
            String hotel,
            long conversationId,
            long senderId,
            String body,
            Long replyToId,
            String clientId,
            Instant createdAt,
            List<Mentioned> mentioned,
            List<AttachmentSummary> attachments,
            Outbox.Entry event) {
        var statement = db.sql(sendStatement(!mentioned.isEmpty(), !attachments.isEmpty()))
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("sender", senderId)
                .bind("body", body)
                .bind("replyTo", Nullable.of(replyToId, Long.class))
                .bind("clientId", Nullable.of(clientId, String.class))
                .bind("createdAt", createdAt.atOffset(ZoneOffset.UTC))
                .bind("eventId", event.eventId())
                .bind("topic", event.topic())
                .bind("key", event.key())
                .bind("type", event.type())
                .bind("payload", event.payload())
                .bind("traceparent", Nullable.of(event.traceparent(), String.class));
        if (!mentioned.isEmpty()) {
            statement = statement
                    .bind("mentioned", Mentioned.idArray(mentioned))
                    .bind("mentionKinds", Mentioned.kindArray(mentioned));
        }
        if (!attachments.isEmpty()) {
            statement = statement
                    .bind(
                            "attachmentIds",
                            attachments.stream()
                                    .map(a -> UUID.fromString(a.id()))
                                    .toArray(UUID[]::new))
                    .bind(
                            "fileNames",
                            attachments.stream()
                                    .map(AttachmentSummary::fileName)
                                    .toArray(String[]::new))
                    .bind(
                            "contentTypes",
                            attachments.stream()
                                    .map(AttachmentSummary::contentType)
                                    .toArray(String[]::new))
                    .bind(
                            "sizes",
                            attachments.stream()
                                    .map(AttachmentSummary::sizeBytes)
                                    .toArray(Long[]::new));
        }
        return statement
                .map(row -> new Stored(
                        "stored".equals(row.get("outcome", String.class)),
                        row.get("id", Long.class),
                        row.get("seq", Long.class)))
                .one();
    }

    /** Why {@link #SEND} stored nothing: the sender takes part and the conversation is {@code archived} for everyone. */
    record NotSent(boolean archived) {}

    /** Asked only after {@link #SEND} answered no row; empty when the sender does not take part (a 404). */
    Mono<NotSent> whyNotSent(String hotel, long conversationId, long senderId) {
        return db.sql("""
                select c.archived_at is not null as archived from conversation c
                where c.id = :c and c.hotel = :hotel
                  and exists (select 1 from participant p
                              where p.hotel = :hotel and p.conversation_id = c.id and p.staff_id = :sender)""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("sender", senderId)
                .map(row -> new NotSent(Boolean.TRUE.equals(row.get("archived", Boolean.class))))
                .one();
    }

    /**
     * Whether the sender takes part, the message replied to if it is in this conversation, and whether that message
     * was deleted (soft, or hard: then only its stub is left).
     */
    record ReplyTarget(boolean member, ReplyPreview preview, boolean deleted) {}

    /** Checked before the send (outside its lock): the reply's preview goes into the stored event. */
    Mono<ReplyTarget> replyTarget(String hotel, long conversationId, long senderId, long replyToId) {
        return db.sql("""
                select exists (select 1 from participant
                               where hotel = :hotel and conversation_id = :c and staff_id = :sender) as member,
                       r.id, r.sender_id, r.body, r.deleted_at, t.id as stub_id
                from (select 1) one
                left join message r on r.hotel = :hotel and r.conversation_id = :c and r.id = :replyTo
                    and r.seq > coalesce((select visible_from_seq from participant
                                          where hotel = :hotel and conversation_id = :c and staff_id = :sender), 0)
                left join message_tombstone t on t.hotel = :hotel and t.conversation_id = :c and t.id = :replyTo""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("sender", senderId)
                .bind("replyTo", replyToId)
                .map(row -> new ReplyTarget(
                        Boolean.TRUE.equals(row.get("member", Boolean.class)),
                        row.get("id", Long.class) == null
                                ? null
                                : new ReplyPreview(
                                        row.get("id", Long.class),
                                        row.get("sender_id", Long.class),
                                        row.get("deleted_at", OffsetDateTime.class) != null
                                                ? DELETED_BODY
                                                : ReplyPreview.previewOf(row.get("body", String.class))),
                        row.get("deleted_at", OffsetDateTime.class) != null || row.get("stub_id", Long.class) != null))
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

    /** Newest first, with a seq below {@code beforeSeq} when given; only seqs above {@code visibleFrom} (the reader's). */
    Flux<MessageView> pageBefore(String hotel, long conversationId, long visibleFrom, Long beforeSeq, int limit) {
        return db.sql(SELECT + " from " + ROWS + REPLY_JOIN + """
                where m.hotel = :hotel and m.conversation_id = :c and m.seq < :before and m.seq > :visibleFrom
                order by m.seq desc limit :limit""")
                .bind("hotel", hotel)
                .bind("visibleFrom", visibleFrom)
                .bind("c", conversationId)
                .bind("before", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                .bind("limit", limit)
                .map(MessageRepository::view)
                .all();
    }

    /** Oldest first, with a seq above {@code afterSeq}: how a client catches up after a gap. */
    Flux<MessageView> pageAfter(String hotel, long conversationId, long visibleFrom, long afterSeq, int limit) {
        return db.sql(SELECT + " from " + ROWS + REPLY_JOIN + """
                where m.hotel = :hotel and m.conversation_id = :c and m.seq > :after and m.seq > :visibleFrom
                order by m.seq asc limit :limit""")
                .bind("hotel", hotel)
                .bind("visibleFrom", visibleFrom)
                .bind("c", conversationId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(MessageRepository::view)
                .all();
    }

    /**
     * The messages (and stubs of hard-deleted ones) with these ids in one query, by conversation and seq: what catch-up
     * sync answers for the rows it found changed. PostgreSQL pushes {@code id = any(:ids)} into both branches of
     * {@link #ROWS} (the primary key of message, the unique id of message_tombstone).
     */
    Flux<MessageView> byIds(String hotel, Long[] ids) {
        return db.sql(SELECT + " from " + ROWS + REPLY_JOIN + """
                where m.hotel = :hotel and m.id = any(:ids)
                order by m.conversation_id, m.seq""")
                .bind("hotel", hotel)
                .bind("ids", ids)
                .map(MessageRepository::view)
                .all();
    }

    static MessageView view(Readable row) {
        Instant deleted = instant(row.get("deleted_at", OffsetDateTime.class));
        Long replyId = row.get("reply_id", Long.class);
        // a deleted message shows no reply preview (soft delete also clears its reply link)
        ReplyPreview replyTo = replyId == null || deleted != null
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
                deleted != null ? List.of() : mentions(row.get("mentions", Long[].class)),
                List.of(),
                deleted != null ? List.of() : attachments(row.get("attachments", String.class)),
                row.get("client_id", String.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("edited_at", OffsetDateTime.class)),
                deleted,
                MessageKind.valueOf(row.get("kind", String.class)),
                SystemNotes.parse(row.get("system", String.class)));
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<List<AttachmentSummary>> SUMMARIES = new TypeReference<>() {};

    /** The {@code attachments} column: a JSON array of summaries in the order sent, or null for none. */
    private static List<AttachmentSummary> attachments(String json) {
        return json == null ? List.of() : JSON.readValue(json, SUMMARIES);
    }

    private static List<Long> mentions(Long[] ids) {
        return ids == null ? List.of() : List.of(ids);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

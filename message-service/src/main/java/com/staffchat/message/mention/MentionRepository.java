package com.staffchat.message.mention;

import com.staffchat.events.ReplyPreview;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for mentions. Every query names the hotel. */
@Repository
class MentionRepository {

    /** One participant who could be mentioned: active, not the sender. */
    record Candidate(long staffId, String handle, String department, boolean group) {}

    private final DatabaseClient db;

    MentionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The active participants of the conversation but the sender, with their handle and department: one query. */
    Flux<Candidate> candidates(String hotel, long conversationId, long senderId) {
        return db.sql("""
                select s.id, s.handle, s.department, c.kind = 'GROUP' as grp
                from conversation c
                join participant p on p.hotel = c.hotel and p.conversation_id = c.id
                join staff s on s.hotel = p.hotel and s.id = p.staff_id
                where c.id = :c and c.hotel = :hotel and s.active and s.id <> :sender""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("sender", senderId)
                .map(row -> new Candidate(
                        row.get("id", Long.class),
                        row.get("handle", String.class),
                        row.get("department", String.class),
                        Boolean.TRUE.equals(row.get("grp", Boolean.class))))
                .all();
    }

    /**
     * Makes the stored mentions of message {@code messageId} exactly {@code mentioned} (one statement):
     * the others go, the new ones come with the message's conversation, seq, sender and time.
     */
    Mono<Void> replace(String hotel, long messageId, List<Mentioned> mentioned) {
        return db.sql("""
                with gone as (
                    delete from mention where hotel = :hotel and message_id = :id and staff_id <> all(:ids))
                insert into mention (message_id, staff_id, hotel, conversation_id, seq, sender_id, kind, created_at)
                select m.id, x.staff_id, m.hotel, m.conversation_id, m.seq, m.sender_id, x.kind, m.created_at
                from message m, unnest(cast(:ids as bigint[]), cast(:kinds as text[])) as x(staff_id, kind)
                where m.hotel = :hotel and m.id = :id
                on conflict (message_id, staff_id) do update set kind = excluded.kind""")
                .bind("hotel", hotel)
                .bind("id", messageId)
                .bind("ids", Mentioned.idArray(mentioned))
                .bind("kinds", Mentioned.kindArray(mentioned))
                .then();
    }

    /**
     * My mentions with a message id below {@code before}, newest first, in conversations I still take
     * part in; messages deleted since are left out.
     */
    Flux<MentionView> mine(String hotel, long staffId, long before, int limit) {
        return db.sql("""
                select mn.message_id, mn.conversation_id, mn.seq, mn.sender_id, mn.kind, mn.created_at,
                       m.body, m.edited_at
                from mention mn
                join participant p on p.conversation_id = mn.conversation_id and p.staff_id = mn.staff_id
                                  and p.hotel = mn.hotel
                join message m on m.id = mn.message_id and m.hotel = mn.hotel
                where mn.hotel = :hotel and mn.staff_id = :me and mn.message_id < :before and m.deleted_at is null
                order by mn.message_id desc
                limit :limit""")
                .bind("hotel", hotel)
                .bind("me", staffId)
                .bind("before", before)
                .bind("limit", limit)
                .map(MentionRepository::view)
                .all();
    }

    private static MentionView view(Readable row) {
        return new MentionView(
                row.get("message_id", Long.class),
                row.get("conversation_id", Long.class),
                row.get("seq", Long.class),
                row.get("sender_id", Long.class),
                row.get("kind", String.class).toLowerCase(Locale.ROOT),
                ReplyPreview.previewOf(row.get("body", String.class)),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("edited_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

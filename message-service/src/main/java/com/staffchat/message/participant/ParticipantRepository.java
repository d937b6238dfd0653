package com.staffchat.message.participant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for participant rows. Every query names the hotel. */
@Repository
class ParticipantRepository {

    private final DatabaseClient db;

    ParticipantRepository(DatabaseClient db) {
        this.db = db;
    }

    /** One index probe on participant_membership (hotel, conversation_id, staff_id). */
    Mono<Boolean> isMember(String hotel, long conversationId, long staffId) {
        return db.sql("""
                select exists (select 1 from participant
                               where hotel = :hotel and conversation_id = :c and staff_id = :s) as member""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> Boolean.TRUE.equals(row.get("member", Boolean.class)))
                .one();
    }

    /** The caller's first visible seq (messages above it); empty for a non-participant. */
    Mono<Long> visibleFrom(String hotel, long conversationId, long staffId) {
        return db.sql("""
                select visible_from_seq from participant
                where hotel = :hotel and conversation_id = :c and staff_id = :s""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> row.get("visible_from_seq", Long.class))
                .one();
    }

    Mono<Void> add(String hotel, long conversationId, long staffId, String role) {
        return db.sql("""
                insert into participant (conversation_id, hotel, staff_id, role) values (:c, :hotel, :s, :role)
                on conflict do nothing""")
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("s", staffId)
                .bind("role", role)
                .then();
    }

    Mono<Long> markReadUpTo(String hotel, long conversationId, long staffId, long messageId, long seq) {
        return db.sql("""
                update participant set last_read_message_id = :m, last_read_seq = :seq
                where hotel = :hotel and conversation_id = :c and staff_id = :s and last_read_seq < :seq""")
                .bind("m", messageId)
                .bind("seq", seq)
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .fetch()
                .rowsUpdated();
    }

    /**
     * The caller's read position and the conversation's newest seq, locking the caller's participant
     * row until the transaction ends (two moves of one person's position queue; a send of another
     * person does not wait: it locks the conversation row, not this one). Empty for a non-participant.
     */
    Mono<Participants.ReadPosition> lockReadPosition(String hotel, long conversationId, long staffId) {
        return db.sql("""
                select p.last_read_seq, c.last_seq from participant p
                join conversation c on c.id = p.conversation_id and c.hotel = p.hotel
                where p.hotel = :hotel and p.conversation_id = :c and p.staff_id = :s
                for update of p""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> new Participants.ReadPosition(
                        row.get("last_read_seq", Long.class), row.get("last_seq", Long.class)))
                .one();
    }

    /** Moves the position forward to {@code seq} (never back); the row count tells whether it moved. */
    Mono<Long> moveReadPosition(String hotel, long conversationId, long staffId, long seq) {
        return db.sql("""
                update participant set last_read_seq = :seq,
                    last_read_message_id = coalesce((select m.id from message m
                        where m.hotel = :hotel and m.conversation_id = :c and m.seq = :seq), 0)
                where hotel = :hotel and conversation_id = :c and staff_id = :s and last_read_seq < :seq""")
                .bind("seq", seq)
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .fetch()
                .rowsUpdated();
    }

    /** The caller's conversations with unread messages, most recently active first. */
    Flux<Participants.Unread> unread(String hotel, long staffId) {
        return db.sql("""
                select p.conversation_id, p.last_read_seq, c.last_seq from participant p
                join conversation c on c.id = p.conversation_id and c.hotel = p.hotel
                where p.hotel = :hotel and p.staff_id = :s and c.last_seq > p.last_read_seq
                order by c.last_message_at desc nulls last, c.id desc""")
                .bind("hotel", hotel)
                .bind("s", staffId)
                .map(row -> new Participants.Unread(
                        row.get("conversation_id", Long.class),
                        row.get("last_read_seq", Long.class),
                        row.get("last_seq", Long.class)))
                .all();
    }

    record Row(long conversationId, Participant participant) {}

    /** The participants of all {@code conversationIds} in one query. */
    Flux<Row> of(String hotel, Long[] conversationIds) {
        return db.sql("""
                select conversation_id, staff_id, role, last_read_seq from participant
                where hotel = :hotel and conversation_id = any(:ids)
                order by conversation_id, joined_at, staff_id""")
                .bind("hotel", hotel)
                .bind("ids", conversationIds)
                .map(row -> new Row(
                        row.get("conversation_id", Long.class),
                        new Participant(
                                row.get("staff_id", Long.class),
                                row.get("role", String.class),
                                row.get("last_read_seq", Long.class))))
                .all();
    }
}

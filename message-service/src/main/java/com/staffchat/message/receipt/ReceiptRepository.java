package com.staffchat.message.receipt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for read moves (migration V8) and receipts. Every query names the hotel. */
@Repository
class ReceiptRepository {

    private final DatabaseClient db;

    ReceiptRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Records one forward move of a read position, in the transaction that made it. */
    Mono<Void> recordMove(String hotel, long conversationId, long staffId, long fromSeq, long toSeq, Instant at) {
        return db.sql("""
                insert into read_move (conversation_id, hotel, staff_id, from_seq, to_seq, read_at)
                values (:c, :hotel, :s, :from, :to, :at)""")
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("s", staffId)
                .bind("from", fromSeq)
                .bind("to", toSeq)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .then();
    }

    /** A message's place, if the caller takes part in its conversation. */
    record Target(long id, long conversationId, long seq, long senderId) {}

    Mono<Target> target(String hotel, long messageId, long callerId) {
        return db.sql("""
                select m.id, m.conversation_id, m.seq, m.sender_id from message m
                where m.hotel = :hotel and m.id = :id
                  and exists (select 1 from participant p where p.hotel = :hotel
                              and p.conversation_id = m.conversation_id and p.staff_id = :caller
                              and m.seq > p.visible_from_seq)""")
                .bind("hotel", hotel)
                .bind("id", messageId)
                .bind("caller", callerId)
                .map(row -> new Target(
                        row.get("id", Long.class),
                        row.get("conversation_id", Long.class),
                        row.get("seq", Long.class),
                        row.get("sender_id", Long.class)))
                .one();
    }

    /** One participant other than the sender: whether their position has reached the message, and since when. */
    record Receipt(long staffId, boolean read, Instant readAt) {}

    /**
     * Every participant but the sender, with when their position first reached the message's seq.
     * That is either a recorded move (mark-read) or a send of theirs (a send moves its sender's
     * position without a row). {@code mv} is the first recorded move that reached the seq, one probe
     * of read_move's key: if it started below the seq, it is the moment. Otherwise the position had
     * passed the seq already, by a send: the reader's first message after the seq, found by seq
     * between the seq and where that move started (or the position), so the scan ends at that send.
     */
    Flux<Receipt> receipts(String hotel, Target message) {
        return db.sql("""
                select p.staff_id, p.last_read_seq >= :seq as has_read,
                       case when p.last_read_seq < :seq then null
                            when mv.from_seq < :seq then mv.read_at
                            else coalesce(
                                (select m.created_at from message m
                                 where m.conversation_id = :c and m.seq > :seq
                                   and m.seq <= coalesce(mv.from_seq, p.last_read_seq)
                                   and m.sender_id = p.staff_id and m.hotel = :hotel
                                 order by m.seq limit 1),
                                mv.read_at) end as read_at
                from participant p
                left join lateral (
                    select r.from_seq, r.read_at from read_move r
                    where r.conversation_id = :c and r.staff_id = p.staff_id and r.to_seq >= :seq and r.hotel = :hotel
                    order by r.to_seq limit 1) mv on true
                where p.hotel = :hotel and p.conversation_id = :c and p.staff_id <> :sender
                order by p.staff_id""")
                .bind("hotel", hotel)
                .bind("c", message.conversationId())
                .bind("seq", message.seq())
                .bind("sender", message.senderId())
                .map(row -> {
                    OffsetDateTime at = row.get("read_at", OffsetDateTime.class);
                    return new Receipt(
                            row.get("staff_id", Long.class),
                            Boolean.TRUE.equals(row.get("has_read", Boolean.class)),
                            at == null ? null : at.toInstant());
                })
                .all();
    }
}

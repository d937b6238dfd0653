package com.staffchat.message.receipt;

import com.staffchat.events.MessagesRead;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.participant.Participants;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Mark read, who read a message, and unread counts. A mark-read moves the caller's position (the
 * participant package's row), records the move and writes {@link MessagesRead} to the outbox, all in
 * one transaction; a mark-read that does not move the position writes nothing.
 */
@Service
class Receipts {

    private final Participants participants;
    private final ReceiptRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Receipts(Participants participants, ReceiptRepository repository, Outbox outbox, TransactionalOperator tx) {
        this.participants = participants;
        this.repository = repository;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * Moves the caller's read position forward to {@code seq}, or to the newest message if {@code seq}
     * is beyond it. At or below the current position: nothing changes, no event.
     */
    Mono<ReadState> markRead(StaffPrincipal caller, long conversationId, long seq) {
        String hotel = caller.hotel();
        long me = caller.staffId();
        Mono<ReadState> change = participants
                .lockReadPosition(hotel, conversationId, me)
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(position -> {
                    long to = Math.min(seq, position.lastSeq());
                    if (to <= position.lastReadSeq()) {
                        return counts(hotel, me, conversationId, position.lastReadSeq())
                                .map(counts -> counts.state(conversationId, position.lastReadSeq(), false));
                    }
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
                    return participants
                            .moveReadPosition(hotel, conversationId, me, to)
                            .then(repository.recordMove(hotel, conversationId, me, position.lastReadSeq(), to, at))
                            .then(counts(hotel, me, conversationId, to))
                            .flatMap(counts -> outbox.record(
                                    hotel,
                                    Changed.of(
                                            counts.state(conversationId, to, true),
                                            new MessagesRead(
                                                    conversationId, me, to, counts.unread(), counts.total(), at))));
                });
        return tx.transactional(change);
    }

    /** This conversation's newest seq and unread count, and the total, all from one query (one snapshot). */
    private record Counts(long lastSeq, long unread, long total) {

        ReadState state(long conversationId, long lastReadSeq, boolean moved) {
            return new ReadState(conversationId, lastReadSeq, lastSeq, unread, total, moved);
        }
    }

    private Mono<Counts> counts(String hotel, long staffId, long conversationId, long lastReadSeq) {
        return participants.unread(hotel, staffId).collectList().map(all -> {
            long total =
                    all.stream().mapToLong(Participants.Unread::unreadCount).sum();
            // absent: nothing unread here, so the newest seq is the position (it never passes the newest)
            return all.stream()
                    .filter(u -> u.conversationId() == conversationId)
                    .findFirst()
                    .map(u -> new Counts(u.lastSeq(), u.unreadCount(), total))
                    .orElse(new Counts(lastReadSeq, 0, total));
        });
    }

    /** The caller's unread counts: in total and per conversation with anything unread. */
    Mono<UnreadView> unread(StaffPrincipal caller) {
        return participants
                .unread(caller.hotel(), caller.staffId())
                .map(u ->
                        new UnreadView.Conversation(u.conversationId(), u.unreadCount(), u.lastReadSeq(), u.lastSeq()))
                .collectList()
                .map(list -> new UnreadView(
                        list.stream()
                                .mapToLong(UnreadView.Conversation::unreadCount)
                                .sum(),
                        list));
    }

    /** Who has read the message and when; 404 unless the caller takes part in its conversation. */
    Mono<ReceiptsView> receipts(StaffPrincipal caller, long messageId) {
        return repository
                .target(caller.hotel(), messageId, caller.staffId())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("message " + messageId)))
                .flatMap(target -> repository
                        .receipts(caller.hotel(), target)
                        .collectList()
                        .map(all -> {
                            List<ReceiptsView.Reader> read = all.stream()
                                    .filter(ReceiptRepository.Receipt::read)
                                    .map(r -> new ReceiptsView.Reader(r.staffId(), r.readAt()))
                                    .sorted(Comparator.comparing(
                                                    ReceiptsView.Reader::readAt,
                                                    Comparator.nullsFirst(Comparator.naturalOrder()))
                                            .thenComparingLong(ReceiptsView.Reader::staffId))
                                    .toList();
                            List<Long> notRead = all.stream()
                                    .filter(r -> !r.read())
                                    .map(ReceiptRepository.Receipt::staffId)
                                    .toList();
                            return new ReceiptsView(
                                    target.id(),
                                    target.conversationId(),
                                    target.seq(),
                                    target.senderId(),
                                    read.size(),
                                    notRead.size(),
                                    read,
                                    notRead);
                        }));
    }
}

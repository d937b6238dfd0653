package com.staffchat.message.message;

import com.staffchat.message.MessageProperties;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.participant.Participants;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import io.r2dbc.postgresql.api.PostgresqlException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Sending and listing messages. A send stores the message and its event in one transaction. */
@Service
class Messages {

    /** The unique index that makes a retried send with one client id find the first message. */
    static final String CLIENT_ID_INDEX = "message_client_id";

    private final MessageRepository repository;
    private final Participants participants;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final MessageProperties properties;

    Messages(
            MessageRepository repository,
            Participants participants,
            Outbox outbox,
            TransactionalOperator tx,
            MessageProperties properties) {
        this.repository = repository;
        this.participants = participants;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
    }

    record Sent(MessageView message, boolean isNew) {}

    /** 201 with the new message, 200 with the earlier one of the same client id, or an error: never empty. */
    Mono<Sent> send(StaffPrincipal caller, long conversationId, SendMessage request) {
        String body = request.body().strip();
        if (body.isEmpty()) {
            return Mono.error(DomainException.invalid("body: must not be empty"));
        }
        if (body.codePointCount(0, body.length()) > properties.maxBodyLength()) {
            return Mono.error(DomainException.invalid("body: at most " + properties.maxBodyLength() + " characters"));
        }
        if (body.indexOf('\0') >= 0
                || (request.clientId() != null && request.clientId().indexOf('\0') >= 0)) {
            return Mono.error(DomainException.invalid("body: must not contain NUL characters"));
        }
        Mono<Sent> send = participants
                .requireMember(caller.hotel(), conversationId, caller.staffId())
                .then(earlier(caller, conversationId, request.clientId()))
                .switchIfEmpty(Mono.defer(() -> checkReply(caller, conversationId, request.replyToId())
                        .then(store(caller, conversationId, body, request))
                        .flatMap(change -> outbox.record(caller.hotel(), change))));
        return tx.transactional(send)
                .onErrorResume(DataIntegrityViolationException.class, e -> {
                    // two retries with one client id raced: the loser's transaction rolled back, take the winner's
                    if (request.clientId() != null
                            && violated(e).filter(CLIENT_ID_INDEX::equals).isPresent()) {
                        return earlier(caller, conversationId, request.clientId())
                                .switchIfEmpty(Mono.error(() -> notStored(e)));
                    }
                    return Mono.error(notStored(e));
                })
                .switchIfEmpty(Mono.error(() -> DomainException.conflict(
                        "the message was not stored; send it again (with the same clientId)")));
    }

    private Mono<Sent> earlier(StaffPrincipal caller, long conversationId, String clientId) {
        if (clientId == null) {
            return Mono.empty();
        }
        return repository
                .findByClientId(caller.hotel(), conversationId, caller.staffId(), clientId)
                .map(m -> new Sent(m, false));
    }

    private static DomainException notStored(DataIntegrityViolationException e) {
        return DomainException.conflict("the message was not stored ("
                + violated(e).orElse("a concurrent change") + "); nothing was written, send it again");
    }

    /** The constraint PostgreSQL named for the failure, if any. */
    private static Optional<String> violated(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PostgresqlException pg) {
                return pg.getErrorDetails().getConstraintName();
            }
        }
        return Optional.empty();
    }

    private Mono<Void> checkReply(StaffPrincipal caller, long conversationId, Long replyToId) {
        if (replyToId == null) {
            return Mono.empty();
        }
        return repository
                .existsInConversation(caller.hotel(), conversationId, replyToId)
                .flatMap(exists -> exists
                        ? Mono.<Void>empty()
                        : Mono.error(DomainException.invalid(
                                "replyToId: no message " + replyToId + " in this conversation")));
    }

    /**
     * Stores the message under the next seq and moves the sender's read position to it; returns
     * the stored message and the event it causes.
     */
    private Mono<Changed<Sent>> store(StaffPrincipal caller, long conversationId, String body, SendMessage request) {
        return repository
                .nextSeq(caller.hotel(), conversationId)
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(seq -> repository.insert(
                        caller.hotel(),
                        conversationId,
                        seq,
                        caller.staffId(),
                        body,
                        request.replyToId(),
                        request.clientId()))
                .flatMap(m -> participants
                        .markReadUpTo(caller.hotel(), conversationId, caller.staffId(), m.id(), m.seq())
                        .thenReturn(Changed.of(new Sent(m, true), m.sent())));
    }

    record Page(List<MessageView> messages, boolean hasMore) {}

    /** A page by seq: newest first below {@code before}, or oldest first above {@code after}. */
    Mono<Page> list(StaffPrincipal caller, long conversationId, Long before, Long after, Integer limit) {
        if (before != null && after != null) {
            return Mono.error(DomainException.invalid("give either 'before' or 'after', not both"));
        }
        int size =
                limit == null ? properties.defaultPageSize() : Math.max(1, Math.min(limit, properties.maxPageSize()));
        return participants
                .requireMember(caller.hotel(), conversationId, caller.staffId())
                .thenMany(
                        after != null
                                ? repository.pageAfter(caller.hotel(), conversationId, after, size + 1)
                                : repository.pageBefore(caller.hotel(), conversationId, before, size + 1))
                .collectList()
                .map(rows -> new Page(rows.subList(0, Math.min(size, rows.size())), rows.size() > size));
    }
}

package com.staffchat.message.message;

import com.staffchat.events.MessageSent;
import com.staffchat.message.MessageProperties;
import com.staffchat.message.conversation.Conversations;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Sending and listing messages. A send stores the message and its event in one transaction. */
@Service
class Messages {

    private final MessageRepository repository;
    private final Conversations conversations;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final MessageProperties properties;

    Messages(
            MessageRepository repository,
            Conversations conversations,
            Outbox outbox,
            TransactionalOperator tx,
            MessageProperties properties) {
        this.repository = repository;
        this.conversations = conversations;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
    }

    record Sent(MessageView message, boolean isNew) {}

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
        Mono<Sent> send = conversations
                .get(caller, conversationId)
                .then(
                        request.clientId() == null
                                ? Mono.<MessageView>empty()
                                : repository.findByClientId(
                                        caller.hotel(), conversationId, caller.staffId(), request.clientId()))
                .map(existing -> new Sent(existing, false))
                .switchIfEmpty(Mono.defer(() -> checkReply(caller, conversationId, request.replyToId())
                        .then(store(caller, conversationId, body, request))));
        return tx.transactional(send)
                // two retries with one client id raced: the loser's transaction rolled back, take the winner's
                .onErrorResume(
                        DataIntegrityViolationException.class,
                        e -> request.clientId() == null
                                ? Mono.error(e)
                                : repository
                                        .findByClientId(
                                                caller.hotel(), conversationId, caller.staffId(), request.clientId())
                                        .map(m -> new Sent(m, false)));
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

    private Mono<Sent> store(StaffPrincipal caller, long conversationId, String body, SendMessage request) {
        return repository
                .nextSeq(caller.hotel(), conversationId)
                .flatMap(seq -> repository.insert(
                        caller.hotel(),
                        conversationId,
                        seq,
                        caller.staffId(),
                        body,
                        request.replyToId(),
                        request.clientId()))
                .flatMap(m -> repository
                        .markReadUpTo(conversationId, caller.staffId(), m.id(), m.seq())
                        .then(outbox.append(
                                caller.hotel(),
                                new MessageSent(
                                        conversationId,
                                        m.id(),
                                        m.seq(),
                                        m.senderId(),
                                        m.body(),
                                        m.replyToId(),
                                        List.of(),
                                        List.of(),
                                        m.clientId(),
                                        m.createdAt())))
                        .thenReturn(new Sent(m, true)));
    }

    record Page(List<MessageView> messages, boolean hasMore) {}

    Mono<Page> list(StaffPrincipal caller, long conversationId, Long before, Long after, Integer limit) {
        if (before != null && after != null) {
            return Mono.error(DomainException.invalid("give either 'before' or 'after', not both"));
        }
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            return Mono.error(DomainException.invalid("limit: between 1 and " + properties.maxPageSize()));
        }
        return conversations
                .get(caller, conversationId)
                .thenMany(
                        after != null
                                ? repository.pageAfter(caller.hotel(), conversationId, after, size + 1)
                                : repository.pageBefore(caller.hotel(), conversationId, before, size + 1))
                .collectList()
                .map(rows -> new Page(rows.subList(0, Math.min(size, rows.size())), rows.size() > size));
    }
}

package com.staffchat.message.message;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.ReplyPreview;
import com.staffchat.message.MessageProperties;
import com.staffchat.message.PipelineHops;
import com.staffchat.message.archive.ReadOnly;
import com.staffchat.message.attachment.Attachments;
import com.staffchat.message.mention.Mentioned;
import com.staffchat.message.mention.Mentions;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.participant.Participants;
import com.staffchat.message.reaction.Reactions;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Sending and listing messages. A send stores the message and its event in one statement (one transaction). */
@Service
class Messages {

    /** The unique index that makes a retried send with one client id find the first message. */
    static final String CLIENT_ID_INDEX = "message_client_id";

    private final MessageRepository repository;
    private final Participants participants;
    private final Mentions mentions;
    private final Reactions reactions;
    private final Outbox outbox;
    private final Attachments attachments;
    private final MessageProperties properties;
    private final Timer commitTimer;

    Messages(
            MessageRepository repository,
            Participants participants,
            Mentions mentions,
            Reactions reactions,
            Outbox outbox,
            Attachments attachments,
            MessageProperties properties,
            MeterRegistry meters) {
        this.repository = repository;
        this.participants = participants;
        this.mentions = mentions;
        this.reactions = reactions;
        this.outbox = outbox;
        this.attachments = attachments;
        this.properties = properties;
        this.commitTimer = PipelineHops.timer(meters, PipelineHops.SEND_COMMIT);
    }

    record Sent(MessageView message, boolean isNew) {}

    /**
     * 201 with the new message, 200 with the earlier one of the same client id, or an error: never empty. With
     * {@code attachmentIds}, each is read from attachment-service (as the caller, {@code authorization}) and checked
     * before the send statement, which stores the links with the message; attachment-service down is a 503 and
     * nothing is stored.
     */
    Mono<Sent> send(StaffPrincipal caller, String authorization, long conversationId, SendMessage request) {
        List<UUID> attachmentIds = request.attachments();
        String body;
        try {
            attachments.requireWellFormed(attachmentIds, properties.maxAttachments());
            body = attachmentIds.isEmpty()
                            || (request.body() != null && !request.body().isBlank())
                    ? MessageText.checked(request.body() == null ? "" : request.body(), properties.maxBodyLength())
                    : ""; // a message of attachments only
        } catch (DomainException e) {
            return Mono.error(e);
        }
        if (request.clientId() != null && request.clientId().indexOf('\0') >= 0) {
            return Mono.error(DomainException.invalid("clientId: must not contain NUL characters"));
        }
        if (attachmentIds.isEmpty()) {
            return send(caller, conversationId, request, body, List.of());
        }
        // a retry of a send that went through answers the message it stored: its attachments are linked by now, so
        // checking them again would refuse the retry. Otherwise: 404 for outsiders before attachment-service is
        // asked anything, then the current read of each attachment.
        return earlier(caller, conversationId, request.clientId()).switchIfEmpty(Mono.defer(() -> participants
                .requireVisibleFrom(caller.hotel(), conversationId, caller.staffId())
                .then(attachments.checkForSend(
                        caller, authorization, conversationId, attachmentIds, properties.maxAttachments()))
                .flatMap(checked -> send(caller, conversationId, request, body, checked))));
    }

    private Mono<Sent> send(
            StaffPrincipal caller,
            long conversationId,
            SendMessage request,
            String body,
            List<AttachmentSummary> attached) {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        Mono<ReplyPreview> replyTo = request.replyToId() == null
                ? Mono.empty()
                : repository
                        .replyTarget(caller.hotel(), conversationId, caller.staffId(), request.replyToId())
                        .flatMap(target -> {
                            if (!target.member()) {
                                return Mono.error(notFound(conversationId));
                            }
                            if (target.deleted()) {
                                return Mono.error(DomainException.conflict(
                                        "replyToId: message " + request.replyToId() + " was deleted"));
                            }
                            if (target.preview() == null) {
                                return Mono.error(DomainException.invalid(
                                        "replyToId: no message " + request.replyToId() + " in this conversation"));
                            }
                            return Mono.just(target.preview());
                        });
        Mono<List<Mentioned>> mentioned = mentions.resolve(caller.hotel(), conversationId, caller.staffId(), body);
        Mono<Sent> send = replyTo.map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .zipWith(mentioned)
                .flatMap(resolved -> {
                    Optional<ReplyPreview> preview = resolved.getT1();
                    // id and seq are 0 here: the send statement puts the stored ones into the event
                    MessageView draft = new MessageView(
                            0,
                            conversationId,
                            0,
                            caller.staffId(),
                            body,
                            preview.orElse(null),
                            Mentioned.ids(resolved.getT2()),
                            List.of(),
                            attached,
                            request.clientId(),
                            createdAt,
                            null,
                            null);
                    return outbox.entry(caller.hotel(), draft.sent())
                            .flatMap(event -> timed(repository.send(
                                    caller.hotel(),
                                    conversationId,
                                    caller.staffId(),
                                    body,
                                    request.replyToId(),
                                    request.clientId(),
                                    createdAt,
                                    resolved.getT2(),
                                    attached,
                                    event)))
                            .switchIfEmpty(Mono.defer(() -> notSent(caller, conversationId)))
                            .doOnNext(stored -> {
                                if (stored.isNew()) {
                                    outbox.sent();
                                }
                            })
                            .flatMap(stored -> stored.isNew()
                                    ? Mono.just(new Sent(draft.stored(stored.id(), stored.seq()), true))
                                    : earlier(caller, conversationId, request.clientId()));
                });
        return send.onErrorResume(DataIntegrityViolationException.class, e -> {
                    // two retries with one client id raced: the loser's statement rolled back, take the winner's
                    // (whether it failed on the client id or on an attachment the winner linked first)
                    Optional<String> constraint = violated(e);
                    boolean alreadySent = constraint
                            .filter(Attachments.ALREADY_SENT_CONSTRAINT::equals)
                            .isPresent();
                    Mono<Sent> retried = request.clientId() != null
                                    && (alreadySent
                                            || constraint
                                                    .filter(CLIENT_ID_INDEX::equals)
                                                    .isPresent())
                            ? earlier(caller, conversationId, request.clientId())
                            : Mono.empty();
                    // two sends raced with one attachment: the other stored it first, this one stored nothing
                    return retried.switchIfEmpty(Mono.error(() ->
                            alreadySent ? Attachments.alreadySent("an attachment of attachmentIds") : notStored(e)));
                })
                .switchIfEmpty(Mono.error(() -> DomainException.conflict(
                        "the message was not stored; send it again (with the same clientId)")));
    }

    /** The send statement is the send transaction: its time, start to commit, is the hop {@code send.commit}. */
    private <T> Mono<T> timed(Mono<T> statement) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return statement.doOnTerminate(
                    () -> commitTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }

    /**
     * The send stored nothing: 404 for a non-participant, 409 {@code conversation-archived} when it is archived for
     * everyone; otherwise it was unarchived since the statement ran, and sending again will store it.
     */
    private Mono<MessageRepository.Stored> notSent(StaffPrincipal caller, long conversationId) {
        return repository
                .whyNotSent(caller.hotel(), conversationId, caller.staffId())
                .switchIfEmpty(Mono.error(() -> notFound(conversationId)))
                .flatMap(why -> Mono.error(
                        why.archived()
                                ? ReadOnly.conflict(conversationId)
                                : DomainException.conflict(
                                        "the message was not stored; send it again (with the" + " same clientId)")));
    }

    private static DomainException notFound(long conversationId) {
        return DomainException.notFound("conversation " + conversationId);
    }

    private Mono<Sent> earlier(StaffPrincipal caller, long conversationId, String clientId) {
        if (clientId == null) {
            return Mono.empty();
        }
        return repository
                .findByClientId(caller.hotel(), conversationId, caller.staffId(), clientId)
                .flatMap(m -> withReactions(caller, List.of(m)).map(ms -> new Sent(ms.get(0), false)));
    }

    /** The messages with their reactions as the caller sees them: one query for all of them. */
    Mono<List<MessageView>> withReactions(StaffPrincipal caller, List<MessageView> messages) {
        return reactions
                .of(
                        caller.hotel(),
                        caller.staffId(),
                        messages.stream().map(MessageView::id).toList())
                .map(byMessage ->
                        messages.stream().map(m -> m.withReactions(byMessage)).toList());
    }

    /** The page with its messages' reactions as the caller sees them. */
    Mono<Page> withReactions(StaffPrincipal caller, Page page) {
        return withReactions(caller, page.messages()).map(messages -> new Page(messages, page.hasMore()));
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

    record Page(List<MessageView> messages, boolean hasMore) {}

    /**
     * A page by seq, hard-deleted messages as stubs in their place: newest first below {@code before} (or from the
     * newest), oldest first above {@code after}, or newest first {@code around} a seq (that message, up to half the
     * page newer and the rest older). At most one cursor; {@code limit} is clamped to 1 to the maximum.
     */
    Mono<Page> list(StaffPrincipal caller, long conversationId, Long before, Long after, Long around, Integer limit) {
        int cursors = (before != null ? 1 : 0) + (after != null ? 1 : 0) + (around != null ? 1 : 0);
        if (cursors > 1) {
            return Mono.error(DomainException.invalid("give at most one of 'before', 'after' and 'around'"));
        }
        if ((before != null && before < 1) || (around != null && around < 1) || (after != null && after < 0)) {
            return Mono.error(
                    DomainException.invalid("cursors are seqs: 'before' and 'around' 1 or more, 'after' 0 or more"));
        }
        int size =
                limit == null ? properties.defaultPageSize() : Math.max(1, Math.min(limit, properties.maxPageSize()));
        String hotel = caller.hotel();
        Mono<Long> visibleFrom = participants.requireVisibleFrom(hotel, conversationId, caller.staffId());
        if (around != null) {
            int newer = (size - 1) / 2;
            int older = size - newer;
            return visibleFrom
                    .flatMap(from -> Mono.zip(
                            repository
                                    .pageAfter(hotel, conversationId, from, around, newer + 1)
                                    .collectList(),
                            repository
                                    .pageBefore(hotel, conversationId, from, around + 1, older + 1)
                                    .collectList()))
                    .map(pages -> {
                        List<MessageView> above = pages.getT1();
                        List<MessageView> below = pages.getT2();
                        List<MessageView> page =
                                new java.util.ArrayList<>(above.subList(0, Math.min(newer, above.size())));
                        java.util.Collections.reverse(page);
                        page.addAll(below.subList(0, Math.min(older, below.size())));
                        return new Page(page, above.size() > newer || below.size() > older);
                    });
        }
        return visibleFrom
                .flatMapMany(from -> after != null
                        ? repository.pageAfter(hotel, conversationId, from, after, size + 1)
                        : repository.pageBefore(hotel, conversationId, from, before, size + 1))
                .collectList()
                .map(rows -> new Page(rows.subList(0, Math.min(size, rows.size())), rows.size() > size));
    }
}

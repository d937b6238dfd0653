package com.staffchat.message.message;

import com.staffchat.events.DeleteMode;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.message.MessageProperties;
import com.staffchat.message.archive.ReadOnly;
import com.staffchat.message.mention.Mentioned;
import com.staffchat.message.mention.Mentions;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * One message after its send: get, edit (keeping every earlier version), history, soft and hard delete. Each
 * change locks the message row, checks who may make it, and stores the change and its event in one transaction.
 *
 * <p>Who may do what: participants read; only the sender edits; the sender or a manager/admin of the hotel
 * soft-deletes; only managers/admins hard-delete. A manager need not take part in the conversation to delete
 * (hotel moderation), but still cannot read it. Whoever may not see the message gets a 404.
 *
 * <p>In a conversation archived for everyone (read-only) an edit answers 409 {@code conversation-archived}, but a
 * delete still works: a message posted by mistake (a guest's card number, say) must stay removable, and moderation
 * must not depend on a group admin unarchiving first.
 */
@Service
class MessageLifecycle {

    private final MessageLifecycleRepository repository;
    private final Outbox outbox;
    private final MessageProperties properties;
    private final TransactionalOperator tx;
    private final Mentions mentions;

    MessageLifecycle(
            MessageLifecycleRepository repository,
            Outbox outbox,
            MessageProperties properties,
            TransactionalOperator tx,
            Mentions mentions) {
        this.mentions = mentions;
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties;
        this.tx = tx;
    }

    /** The message (a stub once hard-deleted) for a participant of its conversation; 404 for anyone else. */
    Mono<MessageView> get(StaffPrincipal caller, long id) {
        return repository.find(caller.hotel(), id, caller.staffId()).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /**
     * Replaces the text (sender only). The replaced text goes into the history with the time it was written. The
     * same text again changes nothing: 200 with the message, no version and no event.
     */
    Mono<MessageView> edit(StaffPrincipal caller, long id, EditMessage request) {
        String body;
        try {
            body = MessageText.checked(request.body(), properties.maxBodyLength());
        } catch (DomainException e) {
            return Mono.error(e);
        }
        String hotel = caller.hotel();
        Mono<MessageView> edit = repository
                .lock(hotel, id, caller.staffId())
                .filter(MessageLifecycleRepository.Target::member)
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(target -> {
                    if (target.archived()) {
                        return Mono.error(ReadOnly.conflict(target.conversationId()));
                    }
                    if (target.system()) {
                        return Mono.error(DomainException.conflict(
                                "message " + id + " is a system message (a membership, title or admin change); it"
                                        + " cannot be edited"));
                    }
                    if (target.senderId() != caller.staffId()) {
                        return Mono.error(DomainException.forbidden("only the sender may edit a message"));
                    }
                    if (target.deleted()) {
                        return Mono.error(
                                DomainException.conflict("message " + id + " was deleted; it cannot be edited"));
                    }
                    if (target.body().equals(body)) {
                        return Mono.just(Changed.<Void>none(null));
                    }
                    Instant editedAt = now();
                    // the new text's mentions replace the old ones, in this transaction
                    return mentions.resolve(hotel, target.conversationId(), target.senderId(), body)
                            .flatMap(mentioned -> repository
                                    .edit(hotel, id, body, editedAt)
                                    .then(mentions.replace(hotel, id, mentioned))
                                    .thenReturn(Changed.<Void>of(
                                            null,
                                            new MessageEdited(
                                                    id,
                                                    target.conversationId(),
                                                    target.seq(),
                                                    target.senderId(),
                                                    body,
                                                    Mentioned.ids(mentioned),
                                                    editedAt))));
                })
                .flatMap(change -> outbox.record(hotel, change))
                .then(Mono.defer(() -> repository.find(hotel, id, caller.staffId())));
        return tx.transactional(edit);
    }

    /** A message's texts. */
    record History(long messageId, List<Version> versions) {}

    /** One text of a message: {@code version} 1 is the text sent; the last one is the current text. */
    record Version(int version, String body, Instant writtenAt) {}

    /**
     * Every text of the message, oldest first, the current one last, each with the time it was written. Empty once
     * the message is deleted (its text and history are erased).
     */
    Mono<History> history(StaffPrincipal caller, long id) {
        return get(caller, id).flatMap(message -> {
            if (message.deletedAt() != null) {
                return Mono.just(new History(id, List.of()));
            }
            return repository
                    .earlierVersions(caller.hotel(), id)
                    .map(v -> new Version(v.version(), v.body(), v.writtenAt()))
                    .collectList()
                    .map(earlier -> {
                        List<Version> all = new ArrayList<>(earlier);
                        Instant writtenAt = message.editedAt() != null ? message.editedAt() : message.createdAt();
                        all.add(new Version(earlier.size() + 1, message.body(), writtenAt));
                        return new History(id, all);
                    });
        });
    }

    /** {@code ?mode=}: {@code soft} (the default) or {@code hard}. */
    static DeleteMode mode(String mode) {
        if (mode == null) {
            return DeleteMode.SOFT;
        }
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "soft" -> DeleteMode.SOFT;
            case "hard" -> DeleteMode.HARD;
            default -> throw DomainException.invalid("mode: 'soft' or 'hard'");
        };
    }

    /**
     * Deletes the message. Soft: the placeholder keeps its place, text and history are erased. Hard: the row and
     * its history go, a stub keeps the seq. Deleting what is already deleted (soft twice, anything after hard)
     * changes nothing and answers as a success; hard after soft removes the row.
     */
    Mono<Void> delete(StaffPrincipal caller, long id, DeleteMode mode) {
        String hotel = caller.hotel();
        Mono<Void> delete = repository
                .lock(hotel, id, caller.staffId())
                .filter(target -> target.member() || caller.isManager())
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(target -> {
                    if (mode == DeleteMode.HARD && !caller.isManager()) {
                        return Mono.error(
                                DomainException.forbidden("only managers and admins may delete a message for good"));
                    }
                    if (target.senderId() != caller.staffId() && !caller.isManager()) {
                        return Mono.error(DomainException.forbidden(
                                "only the sender, a manager or an admin may delete a message"));
                    }
                    if (target.stub() || (mode == DeleteMode.SOFT && target.deleted())) {
                        return Mono.just(Changed.<Void>none(null));
                    }
                    Instant deletedAt = now();
                    MessageDeleted event = new MessageDeleted(
                            id,
                            target.conversationId(),
                            target.seq(),
                            target.senderId(),
                            caller.staffId(),
                            mode,
                            deletedAt);
                    Mono<Void> change = mode == DeleteMode.HARD
                            ? repository.hardDelete(hotel, id, caller.staffId(), deletedAt)
                            : repository.softDelete(hotel, id, caller.staffId(), deletedAt);
                    return change.thenReturn(Changed.<Void>of(null, event));
                })
                .flatMap(change -> outbox.record(hotel, change))
                .then();
        return tx.transactional(delete);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
    }

    private static DomainException notFound(long id) {
        return DomainException.notFound("message " + id);
    }
}

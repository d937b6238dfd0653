package com.staffchat.attachment.metadata;

import com.staffchat.attachment.outbox.Outbox;
import com.staffchat.attachment.participation.Participation;
import com.staffchat.attachment.storage.ObjectStore;
import com.staffchat.events.AttachmentDeleted;
import com.staffchat.events.DeletionReason;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The public entry to attachments as a caller sees them: an attachment is visible only in the caller's hotel,
 * while not deleted, and while the caller takes part in its conversation (asked of message-service now).
 * Anything else is the same 404, so an id tells nothing about another hotel or conversation.
 */
@Component
public class Attachments {

    private final AttachmentRepository repository;
    private final Participation participation;
    private final ObjectStore store;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Attachments(
            AttachmentRepository repository,
            Participation participation,
            ObjectStore store,
            Outbox outbox,
            TransactionalOperator tx) {
        this.repository = repository;
        this.participation = participation;
        this.store = store;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The attachment {@code id} if {@code caller} may see it; else a 404 problem. */
    public Mono<Attachment> visible(StaffPrincipal caller, String authorization, String id) {
        UUID uuid = parse(id);
        return repository
                .findLive(caller.hotel(), uuid)
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(a -> participation
                        .require(authorization, a.conversationId(), "attachment " + id)
                        .thenReturn(a));
    }

    /**
     * Deletes the attachment: its uploader or a manager (or admin) may. The objects go first (a store that
     * fails leaves everything as it was, and the call can be repeated), then the row is marked deleted and
     * AttachmentDeleted is written in one transaction.
     */
    public Mono<Void> delete(StaffPrincipal caller, String authorization, String id) {
        return visible(caller, authorization, id).flatMap(a -> {
            if (a.uploaderId() != caller.staffId() && !caller.isManager()) {
                return Mono.error(DomainException.forbidden(
                        "only the uploader of attachment " + id + " or a manager may delete it"));
            }
            return store.delete(a.objectKeys())
                    .then(tx.transactional(repository
                            .markDeleted(a.hotel(), a.id())
                            .flatMap(deleted -> deleted
                                    ? outbox.append(
                                            a.hotel(),
                                            new AttachmentDeleted(
                                                    a.id().toString(),
                                                    a.conversationId(),
                                                    caller.staffId(),
                                                    DeletionReason.DELETED,
                                                    Instant.now()))
                                    : Mono.empty())))
                    .doOnSuccess(v -> outbox.committed());
        });
    }

    static DomainException notFound(String id) {
        return DomainException.notFound("attachment " + id);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // an id that cannot exist is as absent as any other
            throw notFound(id.length() > 64 ? id.substring(0, 64) + "..." : id);
        }
    }
}

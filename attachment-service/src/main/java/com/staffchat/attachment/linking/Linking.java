package com.staffchat.attachment.linking;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.DeletionReason;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageSent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one entry of this package: what a sent message, a deleted message and the passing of time do to attachments.
 * Removal goes files first, then the row: a row marked deleted never has files left behind, and a failure between
 * the two leaves a row whose files are gone, removed again (harmlessly) on the next try.
 */
@Service
public class Linking {

    private static final Logger log = LoggerFactory.getLogger(Linking.class);

    /** The {@code deletedBy} of an expiry: no person removed it. */
    static final long NOBODY = 0;

    private static final AttachmentRemovals LOG_ONLY = removal -> {
        log.info(
                "Removed attachment {} of conversation {} ({}); no AttachmentRemovals bean publishes it",
                removal.attachmentId(),
                removal.conversationId(),
                removal.reason());
        return Mono.empty();
    };

    private final LinkingRepository repository;
    private final StoredFiles files;
    private final ObjectProvider<AttachmentRemovals> removals;
    private final TransactionalOperator tx;

    Linking(
            LinkingRepository repository,
            StoredFiles files,
            ObjectProvider<AttachmentRemovals> removals,
            TransactionalOperator tx) {
        this.repository = repository;
        this.files = files;
        this.removals = removals;
        this.tx = tx;
    }

    /**
     * Links the message's attachments to it (in the caller's transaction). Only the sender's uploads to that hotel's
     * conversation are linked, whatever ids the event names; a redelivery changes nothing.
     */
    public Mono<Long> link(String hotel, MessageSent sent) {
        UUID[] ids = sent.attachments().stream()
                .map(AttachmentSummary::id)
                .map(Linking::uuid)
                .filter(java.util.Objects::nonNull)
                .toArray(UUID[]::new);
        if (ids.length == 0) {
            return Mono.just(0L);
        }
        return repository
                .link(hotel, sent.conversationId(), sent.senderId(), sent.id(), ids)
                .doOnNext(linked -> {
                    if (linked < sent.attachments().size()) {
                        // deleted (by its uploader, or expired) between the send's check and now, or not the sender's
                        log.warn(
                                "Message {} of conversation {} names {} attachments; {} of them are linkable",
                                sent.id(),
                                sent.conversationId(),
                                sent.attachments().size(),
                                linked);
                    }
                });
    }

    /**
     * Removes the files of a deleted message's attachments and marks them deleted (in the caller's transaction, which
     * must commit before {@link AttachmentRemovals#committed()} is called: see {@link #afterCommit}).
     *
     * @return how many attachments were removed
     */
    public Mono<Integer> removeMessage(String hotel, MessageDeleted deleted) {
        Instant at = now();
        return repository
                .ofMessage(hotel, deleted.conversationId(), deleted.id())
                .collectList()
                .flatMap(stored -> remove(stored, deleted.deletedBy(), DeletionReason.MESSAGE_DELETED, at));
    }

    /**
     * Removes uploads never sent and older than {@code retention}, in transactions of up to {@code batchSize},
     * until none is left (or a batch fails).
     *
     * @return how many were removed
     */
    public Mono<Long> removeUnsent(java.time.Duration retention, int batchSize) {
        Instant cutoff = now().minus(retention);
        Mono<Integer> batch = Mono.defer(() -> tx.transactional(repository
                        .unsentBefore(cutoff, batchSize)
                        .collectList()
                        .flatMap(stored -> remove(stored, NOBODY, DeletionReason.EXPIRED, now()))))
                .doOnNext(this::afterCommit);
        return batch.expand(removed -> removed < batchSize ? Mono.empty() : batch)
                .reduce(0L, (total, removed) -> total + removed);
    }

    /** Tells the {@link AttachmentRemovals} that a transaction with {@code removed} removals committed. */
    public void afterCommit(int removed) {
        if (removed > 0) {
            removals().committed();
        }
    }

    private Mono<Integer> remove(
            List<LinkingRepository.Stored> stored, long deletedBy, DeletionReason reason, Instant at) {
        if (stored.isEmpty()) {
            return Mono.just(0);
        }
        List<String> keys = stored.stream()
                .flatMap(s -> StoredFiles.keysOf(s.objectKey(), s.thumbnailKey()).stream())
                .toList();
        AttachmentRemovals told = removals();
        return files.delete(keys)
                .then(repository.markDeleted(
                        stored.stream().map(LinkingRepository.Stored::id).toList(), at))
                .thenMany(Flux.fromIterable(stored))
                .concatMap(s -> told.removed(
                        new Removal(s.id(), s.hotel(), s.conversationId(), s.uploaderId(), deletedBy, reason, at)))
                .then(Mono.just(stored.size()));
    }

    private AttachmentRemovals removals() {
        return removals.getIfAvailable(() -> LOG_ONLY);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null; // not one of ours: nothing to link
        }
    }
}

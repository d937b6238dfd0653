package com.staffchat.attachment.thumbnail;

import com.staffchat.events.ThumbnailReady;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Makes an attachment's thumbnails after its upload: reads the object from S3, renders the two sizes on a
 * bounded pool of its own (never an event loop, never the request), stores them as
 * {@code {objectKey}/thumb-small} and {@code thumb-large}, marks the row ready and publishes
 * {@code ThumbnailReady} in one transaction. A file that cannot have a thumbnail ends {@code FAILED}; a
 * failure of S3 or of time leaves the thumbnail {@code PENDING} for {@link ThumbnailSweep} to try again.
 */
@Service
public class Thumbnails implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);

    private final ThumbnailMaker maker;
    private final ThumbnailObjects objects;
    private final ThumbnailRecords records;
    private final ThumbnailEvents events;
    private final TransactionalOperator transactions;
    private final ThumbnailProperties properties;
    private final Scheduler scheduler;
    private final Timer uploadToReady;
    private final MeterRegistry meters;

    Thumbnails(
            ThumbnailMaker maker,
            ThumbnailObjects objects,
            ThumbnailRecords records,
            ThumbnailEvents events,
            ReactiveTransactionManager transactionManager,
            ThumbnailProperties properties,
            MeterRegistry meters) {
        this.maker = maker;
        this.objects = objects;
        this.records = records;
        this.events = events;
        this.transactions = TransactionalOperator.create(transactionManager);
        this.properties = properties;
        // its own bounded pool: thumbnails never take the threads other blocking work (type detection) needs
        this.scheduler =
                Schedulers.newBoundedElastic(properties.concurrency(), properties.queueCapacity(), "thumbnails");
        this.meters = meters;
        this.uploadToReady = Timer.builder("staffchat.thumbnails.upload-to-ready")
                .description("Time from an attachment's upload to its thumbnails being ready")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * Makes {@code ref}'s thumbnails now; call it once the upload has committed. Emits the status the thumbnail
     * ends in ({@code READY}, {@code FAILED}, {@code NONE} for a type without thumbnails, or {@code PENDING}
     * when S3 failed and the sweep will try again); completes empty when there was nothing to do (not pending
     * any more, deleted, or being made by another worker). Never fails: a thumbnail is never worth failing an
     * upload for.
     */
    public Mono<ThumbnailStatus> makeFor(AttachmentRef ref) {
        return records.claim(ref, properties.sweep().pendingAfter())
                .flatMap(attempt -> make(ref, attempt))
                .onErrorResume(e -> {
                    log.warn("Could not take up the thumbnail of attachment {}; the sweep will", ref.attachmentId(), e);
                    return Mono.just(ThumbnailStatus.PENDING);
                });
    }

    /** Starts {@link #makeFor} without waiting for it: for the upload, which answers without the thumbnail. */
    public void submit(AttachmentRef ref) {
        makeFor(ref).subscribe();
    }

    /** Makes the thumbnail of a row taken up under a lease (attempt {@code attempt}). */
    Mono<ThumbnailStatus> make(AttachmentRef ref, int attempt) {
        if (!ThumbnailMaker.supports(ref.contentType())) {
            return finish(ref, ThumbnailStatus.NONE, null);
        }
        return objects.open(ref.objectKey())
                .switchIfEmpty(Mono.error(() -> new ThumbnailRefusedException(
                        ThumbnailRefusedException.Reason.UNREADABLE,
                        "the object " + ref.objectKey() + " is not in S3")))
                // the body is read while it is decoded: on the thumbnail pool, which may block
                .publishOn(scheduler)
                .map(stream -> render(stream, ref.contentType()))
                .doOnDiscard(InputStream.class, Thumbnails::closeQuietly)
                .timeout(properties.renderTimeout())
                .flatMap(rendered -> store(ref, rendered))
                .onErrorResume(ThumbnailRefusedException.class, e -> {
                    log.info("No thumbnail for attachment {} ({}): {}", ref.attachmentId(), e.reason(), e.getMessage());
                    return finish(ref, ThumbnailStatus.FAILED, e.reason() + ": " + e.getMessage());
                })
                .onErrorResume(e -> {
                    if (attempt >= properties.sweep().maxAttempts()) {
                        log.warn(
                                "Giving up the thumbnail of attachment {} after {} attempts",
                                ref.attachmentId(),
                                attempt,
                                e);
                        return finish(ref, ThumbnailStatus.FAILED, "gave up after " + attempt + " attempts: " + e);
                    }
                    log.warn(
                            "Thumbnail of attachment {} failed (attempt {}); it is tried again after {}",
                            ref.attachmentId(),
                            attempt,
                            properties.sweep().pendingAfter(),
                            e);
                    count("retry");
                    return Mono.just(ThumbnailStatus.PENDING);
                });
    }

    private RenderedThumbnails render(InputStream stream, String contentType) {
        try (stream) {
            return maker.make(stream, contentType);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // closing the S3 stream failed
        }
    }

    private Mono<ThumbnailStatus> store(AttachmentRef ref, RenderedThumbnails rendered) {
        List<String> keys = List.of(ThumbnailKeys.small(ref.objectKey()), ThumbnailKeys.large(ref.objectKey()));
        Mono<Optional<OffsetDateTime>> markAndAnnounce = records.markReady(ref, rendered)
                .flatMap(uploadedAt -> events.thumbnailReady(
                                ref.hotel(),
                                new ThumbnailReady(
                                        ref.attachmentId().toString(),
                                        ref.conversationId(),
                                        rendered.small().width(),
                                        rendered.small().height(),
                                        Instant.now()))
                        .thenReturn(Optional.of(uploadedAt)))
                .defaultIfEmpty(Optional.empty());
        return objects.put(keys.get(0), rendered.small())
                .then(objects.put(keys.get(1), rendered.large()))
                .then(transactions.transactional(markAndAnnounce))
                .flatMap(uploadedAt -> {
                    if (uploadedAt.isPresent()) {
                        events.committed();
                        uploadToReady.record(Duration.between(uploadedAt.get().toInstant(), Instant.now()));
                        count("ready");
                        return Mono.just(ThumbnailStatus.READY);
                    }
                    // not pending any more: if the attachment was deleted meanwhile, take back what was just stored
                    return records.status(ref)
                            .switchIfEmpty(objects.delete(keys).then(Mono.empty()));
                });
    }

    private Mono<ThumbnailStatus> finish(AttachmentRef ref, ThumbnailStatus status, String error) {
        count(status.name().toLowerCase(java.util.Locale.ROOT));
        return records.finish(ref, status, error).thenReturn(status);
    }

    private void count(String outcome) {
        Counter.builder("staffchat.thumbnails")
                .description("Thumbnail attempts by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}

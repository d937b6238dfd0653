package com.staffchat.attachment.thumbnail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Catches up thumbnails nobody made: every attachment starts {@code PENDING}, so one whose upload committed
 * just before a crash (or whose attempt failed for want of S3) is taken up here once it has been pending for
 * {@code staffchat.thumbnails.sweep.pending-after}. Several instances may sweep at once: each row is taken by
 * one of them ({@code for update skip locked}).
 */
@Component
class ThumbnailSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailSweep.class);

    private final Thumbnails thumbnails;
    private final ThumbnailRecords records;
    private final ThumbnailProperties properties;
    private volatile Disposable running;

    ThumbnailSweep(Thumbnails thumbnails, ThumbnailRecords records, ThumbnailProperties properties) {
        this.thumbnails = thumbnails;
        this.records = records;
        this.properties = properties;
    }

    /** One sweep: takes up what is overdue, makes it, and emits how many it took up. */
    Mono<Long> sweepOnce() {
        var sweep = properties.sweep();
        return records.claimOverdue(sweep.pendingAfter(), sweep.batchSize())
                .flatMap(claimed -> thumbnails.make(claimed.ref(), claimed.attempt()), properties.concurrency())
                .count()
                .doOnNext(count -> {
                    if (count > 0) {
                        log.info("Thumbnail sweep took up {} pending attachment(s)", count);
                    }
                });
    }

    @Override
    public void start() {
        if (!properties.sweep().enabled()) {
            return;
        }
        running = Flux.interval(
                        properties.sweep().interval(), properties.sweep().interval())
                .onBackpressureDrop()
                .concatMap(tick -> sweepOnce().onErrorResume(e -> {
                    log.warn(
                            "Thumbnail sweep failed; next in {}",
                            properties.sweep().interval(),
                            e);
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}

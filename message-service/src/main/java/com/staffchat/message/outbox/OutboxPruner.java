package com.staffchat.message.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes published outbox rows older than the retention, every {@code prune-interval}, in
 * bounded batches so one run never holds a long lock. Unsent rows are never pruned.
 */
@Component
class OutboxPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);

    private final DatabaseClient db;
    private final OutboxProperties properties;
    private final Counter pruned;
    private volatile Disposable running;

    OutboxPruner(DatabaseClient db, OutboxProperties properties, MeterRegistry meters) {
        this.db = db;
        this.properties = properties;
        this.pruned = Counter.builder("staffchat.outbox.pruned")
                .description("Published outbox events deleted after the retention")
                .register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        start();
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(properties.pruneInterval(), properties.pruneInterval())
                .onBackpressureDrop()
                .concatMap(
                        t -> prune().onErrorResume(e -> {
                            log.warn(
                                    "Outbox pruning failed, trying again in {}: {}",
                                    properties.pruneInterval(),
                                    e.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** Deletes every published row older than the retention; the number deleted. */
    Mono<Long> prune() {
        Instant cutoff = Instant.now().minus(properties.retention());
        return batch(cutoff)
                .expand(n -> n >= properties.pruneBatchSize() ? batch(cutoff) : Mono.empty())
                .reduce(0L, Long::sum)
                .doOnNext(n -> {
                    pruned.increment(n);
                    if (n > 0) {
                        log.info("Pruned {} outbox events published before {}", n, cutoff);
                    }
                });
    }

    private Mono<Long> batch(Instant cutoff) {
        return db.sql("""
                delete from outbox where id in (
                    select id from outbox where sent_at is not null and sent_at < :cutoff
                    order by sent_at limit :limit)""")
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .bind("limit", properties.pruneBatchSize())
                .fetch()
                .rowsUpdated();
    }
}

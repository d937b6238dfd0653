package com.staffchat.attachment.outbox;

import com.staffchat.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent: woken by this instance after each
 * committed change, with a poll as the fallback (another instance's rows, a wake-up lost in a restart).
 * One relay publishes at a time across instances (a transaction-scoped advisory lock), so the events of one
 * conversation keep their order. A round puts its whole batch in flight at once (idempotent producer, acks
 * all) and marks sent the acknowledged rows up to the first failure; the rest go again, and consumers drop
 * duplicates by event id. The topic is created here, off the start-up path, so a broker that is down at
 * start delays only the events, never an upload.
 *
 * <p>Smaller than message-service's relay on purpose: attachment events are a few per upload, so there is no
 * LISTEN/NOTIFY connection and no per-conversation unblocking; see the commit that added it for why it is not
 * shared with message-service.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_KEY = 0x4154_5441_4f55_5442L; // "ATTAOUTB"

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final OutboxProperties properties;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Disposable.Composite running = Disposables.composite();
    private volatile Scheduler producerThread;

    OutboxRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            KafkaTemplate<String, byte[]> kafka,
            KafkaAdmin admin,
            OutboxProperties properties) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.admin = admin;
        this.properties = properties;
        // topics are created by ensureTopics, with retries, not by the admin at start
        admin.setAutoCreate(false);
    }

    /** The attachments topic, as many partitions as the conversations topic (it is keyed the same way). */
    static NewTopic attachmentsTopic() {
        return TopicBuilder.name(Topics.ATTACHMENTS)
                .partitions(Topics.CONVERSATIONS_PARTITIONS)
                .build();
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        producerThread = Schedulers.newSingle("outbox-relay-producer", true);
        running = Disposables.composite();
        Flux<Boolean> ticks =
                Flux.interval(Duration.ZERO, properties.pollInterval()).map(t -> true);
        running.add(ensureTopics()
                .thenMany(Flux.merge(ticks, wakeUps.asFlux()))
                .onBackpressureLatest()
                .concatMap(w -> drain().onErrorResume(e -> Mono.empty()), 1)
                .subscribe());
        running.add(Flux.interval(properties.pruneInterval(), properties.pruneInterval())
                .onBackpressureDrop()
                .concatMap(t -> prune().onErrorResume(e -> {
                    log.warn("Outbox pruning failed, trying again in {}: {}", properties.pruneInterval(), e.toString());
                    return Mono.empty();
                }))
                .subscribe());
    }

    @Override
    public void stop() {
        running.dispose();
        if (producerThread != null) {
            producerThread.dispose();
        }
        started.set(false);
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }

    void wakeUp() {
        wakeUps.tryEmitNext(true);
    }

    private Mono<Void> ensureTopics() {
        return Mono.fromRunnable(() -> admin.createOrModifyTopics(attachmentsTopic()))
                .subscribeOn(Schedulers.boundedElastic())
                .then()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.retryBackoff())
                        .maxBackoff(properties.maxBackoff())
                        .doBeforeRetry(s -> log.warn(
                                "Outbox relay waits for Kafka (topic check attempt {}): {}",
                                s.totalRetries() + 1,
                                s.failure().toString())));
    }

    /** Publishes batches until none is left, retrying with back-off while Kafka fails. */
    Mono<Void> drain() {
        return publishBatch()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.retryBackoff())
                        .maxBackoff(properties.maxBackoff())
                        .doBeforeRetry(s -> log.warn(
                                "Outbox publish failed (attempt {}), retrying: {}",
                                s.totalRetries() + 1,
                                s.failure().toString())))
                .expand(count -> count >= properties.batchSize() ? publishBatch() : Mono.empty())
                .then();
    }

    private Mono<Integer> publishBatch() {
        Mono<Integer> batch = db.sql("select pg_try_advisory_xact_lock(:key) as locked")
                .bind("key", LOCK_KEY)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? publishLocked() : Mono.just(0));
        return tx.transactional(batch);
    }

    private Mono<Integer> publishLocked() {
        return db.sql("""
                        select id, topic, record_key, event_type, event_id, tenant, payload
                        from outbox where sent_at is null order by id limit :limit""")
                .bind("limit", properties.batchSize())
                .map(row -> new Pending(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("record_key", String.class),
                        row.get("event_type", String.class),
                        row.get("event_id", UUID.class).toString(),
                        row.get("tenant", String.class),
                        row.get("payload", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.just(0)
                        : Mono.fromCallable(() -> putInFlight(rows))
                                .subscribeOn(producerThread)
                                .flatMap(inFlight -> Mono.fromFuture(
                                        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                                                .handle((ok, e) -> inFlight)))
                                .flatMap(done -> markSent(rows, done)));
    }

    private List<CompletableFuture<?>> putInFlight(List<Pending> rows) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>(rows.size());
        for (Pending p : rows) {
            CompletableFuture<?> sent;
            try {
                sent = kafka.send(p.record());
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            inFlight.add(sent);
            if (sent.isCompletedExceptionally()) {
                break;
            }
        }
        return inFlight;
    }

    /** Marks sent the acknowledged rows before the first failure; fails the round when any failed. */
    private Mono<Integer> markSent(List<Pending> rows, List<CompletableFuture<?>> done) {
        List<Long> ids = new ArrayList<>();
        Throwable failure = null;
        for (int i = 0; i < rows.size(); i++) {
            if (i >= done.size() || done.get(i).isCompletedExceptionally()) {
                failure = i < done.size()
                        ? done.get(i).handle((r, e) -> e).join()
                        : new IllegalStateException("records left unsent");
                break;
            }
            ids.add(rows.get(i).id());
        }
        Mono<Long> mark = ids.isEmpty()
                ? Mono.just(0L)
                : db.sql("update outbox set sent_at = now() where id = any(:ids)")
                        .bind("ids", ids.toArray(Long[]::new))
                        .fetch()
                        .rowsUpdated();
        return failure == null ? mark.thenReturn(rows.size()) : mark.then(Mono.error(failure));
    }

    /** Deletes published rows older than the retention. */
    Mono<Long> prune() {
        return db.sql("delete from outbox where sent_at is not null and sent_at < :cutoff")
                .bind("cutoff", Instant.now().minus(properties.retention()).atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
    }

    /** An unsent outbox row. */
    record Pending(long id, String topic, String key, String type, String eventId, String tenant, String payload) {

        ProducerRecord<String, byte[]> record() {
            var record = new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_tenant", tenant.getBytes(StandardCharsets.UTF_8));
            return record;
        }
    }
}

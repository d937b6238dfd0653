package com.staffchat.message.outbox;

import com.staffchat.message.PipelineHops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
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
 * Publishes outbox rows to Kafka in id order and marks them sent. Woken by PostgreSQL
 * LISTEN/NOTIFY on a dedicated connection for low latency, with a poll as the fallback for
 * notifications missed while that connection was down. One relay publishes at a time across all
 * instances (a transaction-scoped advisory lock), so per-conversation order holds.
 *
 * <p>A round puts its whole batch in flight at once, in id order, and then waits for the
 * acknowledgements together: records are keyed by conversation and the producer is idempotent
 * with at most 5 requests in flight, so Kafka keeps each partition's order. Only acknowledged rows
 * are marked sent, and a failed record keeps every later record of its conversation unsent, so a
 * retry publishes them again in order (consumers drop the duplicates by event id). Kafka's send
 * may block (no metadata while the broker is away, a full buffer), so it runs on a thread of its
 * own, never on an event loop; topics are created by the relay too, off the start-up path, so a
 * broker that is down at start delays only the events, never the HTTP answers.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String CHANNEL = "message_outbox";
    private static final long LOCK_KEY = 0x5354_4146_464f_5554L; // "STAFFOUT"

    private final DatabaseClient db;
    private final ConnectionFactory connectionFactory;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final OutboxProperties properties;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    private volatile Disposable.Composite running = Disposables.composite();
    private volatile Scheduler producerThread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean trailing = new AtomicBoolean();
    static final long TRAILING_MS = 20;
    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Timer relayTimer;

    OutboxRelay(
            DatabaseClient db,
            ConnectionFactory connectionFactory,
            TransactionalOperator tx,
            KafkaTemplate<String, byte[]> kafka,
            KafkaAdmin admin,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.db = db;
        this.connectionFactory = connectionFactory;
        this.tx = tx;
        this.kafka = kafka;
        this.admin = admin;
        this.properties = properties;
        // Boot's admin would check the topics while the application starts and wait for a broker
        // that may be down; the relay does it itself before its first publish (ensureTopics).
        admin.setAutoCreate(false);
        this.published = Counter.builder("staffchat.outbox.published")
                .description("Events published to Kafka")
                .register(meters);
        this.failures = Counter.builder("staffchat.outbox.publish.failures")
                .description("Failed attempts to publish a batch of outbox events")
                .register(meters);
        this.relayTimer = PipelineHops.timer(meters, PipelineHops.OUTBOX_RELAY);
        Gauge.builder("staffchat.outbox.backlog", backlog, AtomicLong::get)
                .description("Unsent outbox events seen by the last relay round")
                .register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        start();
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        producerThread = Schedulers.newSingle("outbox-relay-producer", true);
        running = Disposables.composite();
        running.add(listen().subscribe());
        Flux<Boolean> ticks =
                Flux.interval(Duration.ZERO, properties.pollInterval()).map(t -> true);
        running.add(ensureTopics()
                .thenMany(Flux.merge(ticks, wakeUps.asFlux()))
                .onBackpressureLatest()
                .concatMap(w -> drain().onErrorResume(e -> Mono.empty()), 1)
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

    /** Creates or checks the topics, retrying with back-off while Kafka is unreachable. */
    private Mono<Void> ensureTopics() {
        return Mono.fromCallable(admin::initialize)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(ok -> ok
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("Kafka did not answer the topic check")))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.retryBackoff())
                        .maxBackoff(properties.maxBackoff())
                        .doBeforeRetry(s -> log.warn(
                                "Outbox relay waits for Kafka (topic check attempt {}): {}",
                                s.totalRetries() + 1,
                                s.failure().toString())))
                .doOnSuccess(v -> log.info("Outbox relay topics ready"));
    }

    /**
     * Wakes the relay: on a notification, and from the send path of this instance after a send
     * (sends do not NOTIFY, see V4). A send's result can arrive a moment before its implicit commit
     * is visible, so a wake-up is followed by one trailing round {@value #TRAILING_MS} ms later
     * (shared by all wake-ups meanwhile); rounds coalesce, so a burst costs a few rounds, not one
     * per send.
     */
    void wakeUp() {
        wakeUps.tryEmitNext(true);
        if (trailing.compareAndSet(false, true)) {
            Mono.delay(Duration.ofMillis(TRAILING_MS)).subscribe(t -> {
                trailing.set(false);
                wakeUps.tryEmitNext(true);
            });
        }
    }

    /** Publishes batches until none is left. */
    Mono<Void> drain() {
        return publishBatch()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.retryBackoff())
                        .maxBackoff(properties.maxBackoff())
                        .doBeforeRetry(s -> {
                            failures.increment();
                            log.warn(
                                    "Outbox publish failed (attempt {}), retrying: {}",
                                    s.totalRetries() + 1,
                                    s.failure().toString());
                        }))
                .expand(count -> count >= properties.batchSize() ? publishBatch() : Mono.empty())
                .then();
    }

    private Mono<Integer> publishBatch() {
        Mono<Integer> batch = db.sql("select pg_try_advisory_xact_lock(:key) as locked")
                .bind("key", LOCK_KEY)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked
                        ? publishLocked()
                        : Mono.fromRunnable(this::wakeUp).thenReturn(0));
        // not locked: another instance's relay is in a round that may have missed our newest rows;
        // the trailing wake-up looks again shortly after
        return tx.transactional(batch);
    }

    private Mono<Integer> publishLocked() {
        return db.sql("""
                select id, topic, record_key, event_type, event_id, tenant, payload, traceparent, created_at
                from outbox where sent_at is null order by id limit :limit""")
                .bind("limit", properties.batchSize())
                .map(row -> new Pending(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("record_key", String.class),
                        row.get("event_type", String.class),
                        row.get("event_id", UUID.class).toString(),
                        row.get("tenant", String.class),
                        row.get("payload", String.class),
                        row.get("traceparent", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .all()
                .collectList()
                .flatMap(rows -> {
                    backlog.set(rows.size());
                    if (rows.isEmpty()) {
                        return Mono.just(0);
                    }
                    return Mono.fromCallable(() -> putInFlight(rows))
                            .subscribeOn(producerThread)
                            .flatMap(inFlight -> Mono.fromFuture(
                                            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                                                    .handle((ok, e) -> inFlight))
                                    .flatMap(done -> markSent(rows, done)));
                });
    }

    /**
     * Hands every row to the producer in id order without waiting for acknowledgements. Stops at
     * the first record the producer refuses at once (no metadata within max.block.ms, closed):
     * the rest stay unsent for the next attempt.
     */
    private List<CompletableFuture<?>> putInFlight(List<Pending> rows) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>(rows.size());
        for (Pending p : rows) {
            CompletableFuture<?> sent;
            try {
                sent = kafka.send(p.record()).whenComplete((result, e) -> {
                    if (e == null) {
                        relayTimer.record(Duration.between(p.createdAt(), Instant.now()));
                    }
                });
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

    /** Marks the acknowledged rows sent; fails the round (for a retry) when any record failed. */
    private Mono<Integer> markSent(List<Pending> rows, List<CompletableFuture<?>> done) {
        List<Boolean> acknowledged = new ArrayList<>(rows.size());
        Throwable failure = null;
        for (int i = 0; i < rows.size(); i++) {
            boolean ok = i < done.size() && !done.get(i).isCompletedExceptionally();
            acknowledged.add(ok);
            if (!ok && failure == null && i < done.size()) {
                failure = done.get(i).handle((r, e) -> e).join();
            }
        }
        Long[] ids = sendable(rows, acknowledged).toArray(Long[]::new);
        Mono<Long> mark = ids.length == 0
                ? Mono.just(0L)
                : db.sql("update outbox set sent_at = now() where id = any(:ids)")
                        .bind("ids", ids)
                        .fetch()
                        .rowsUpdated();
        Throwable failed = failure != null || ids.length < rows.size()
                ? (failure != null ? failure : new IllegalStateException("records left unsent"))
                : null;
        return mark.doOnNext(n -> published.increment(ids.length))
                .then(failed == null ? Mono.just(rows.size()) : Mono.error(failed));
    }

    /**
     * The ids that may be marked sent: acknowledged rows, except those behind a failed row of the
     * same conversation, which must go again after it.
     */
    static List<Long> sendable(List<Pending> rows, List<Boolean> acknowledged) {
        Set<String> blocked = new HashSet<>();
        List<Long> ids = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Pending p = rows.get(i);
            if (acknowledged.get(i) && !blocked.contains(p.key())) {
                ids.add(p.id());
            } else {
                blocked.add(p.key());
            }
        }
        return ids;
    }

    /** LISTEN on a connection of its own; reconnects with back-off when it drops. */
    private Flux<Void> listen() {
        return Flux.usingWhen(
                        Mono.from(connectionFactory.create()),
                        connection -> {
                            PostgresqlConnection pg = unwrap(connection);
                            return pg.createStatement("LISTEN " + CHANNEL)
                                    .execute()
                                    .flatMap(r -> r.getRowsUpdated())
                                    .thenMany(pg.getNotifications())
                                    .doOnSubscribe(s -> log.info("Outbox relay listening on '{}'", CHANNEL))
                                    .doOnNext(n -> wakeUp())
                                    .then(Mono.<Void>error(new IllegalStateException("notification stream ended")));
                        },
                        Connection::close)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                        .maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(s -> log.warn(
                                "Outbox listener connection lost, reconnecting: {}",
                                s.failure().toString())));
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Connection c = connection;
        while (!(c instanceof PostgresqlConnection) && c instanceof Wrapped<?> wrapped) {
            c = (Connection) wrapped.unwrap();
        }
        if (c instanceof PostgresqlConnection pg) {
            return pg;
        }
        throw new IllegalStateException("the outbox listener needs a PostgreSQL connection, got " + connection);
    }

    /** An unsent outbox row. */
    record Pending(
            long id,
            String topic,
            String key,
            String type,
            String eventId,
            String tenant,
            String payload,
            String traceparent,
            Instant createdAt) {

        ProducerRecord<String, byte[]> record() {
            var record = new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_tenant", tenant.getBytes(StandardCharsets.UTF_8));
            if (traceparent != null) {
                // the request's trace goes on with the consumers (W3C Trace Context over Kafka headers)
                record.headers().add(TraceParents.HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
            }
            return record;
        }
    }
}

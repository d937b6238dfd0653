package com.staffchat.message.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent. Woken by PostgreSQL
 * LISTEN/NOTIFY on a dedicated connection for low latency, with a poll as the fallback for
 * notifications missed while that connection was down. One relay publishes at a time across all
 * instances (a transaction-scoped advisory lock), so per-conversation order holds. A failed
 * publish leaves the rows unsent and is retried with back-off: nothing is lost, a duplicate is
 * possible (consumers deduplicate by event id).
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
    private final OutboxProperties properties;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    private final Disposable.Composite running = Disposables.composite();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;

    OutboxRelay(
            DatabaseClient db,
            ConnectionFactory connectionFactory,
            TransactionalOperator tx,
            KafkaTemplate<String, byte[]> kafka,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.db = db;
        this.connectionFactory = connectionFactory;
        this.tx = tx;
        this.kafka = kafka;
        this.properties = properties;
        this.published = Counter.builder("staffchat.outbox.published")
                .description("Events published to Kafka")
                .register(meters);
        this.failures = Counter.builder("staffchat.outbox.publish.failures")
                .description("Failed attempts to publish a batch of outbox events")
                .register(meters);
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
        running.add(listen().subscribe());
        Flux<Boolean> ticks =
                Flux.interval(Duration.ZERO, properties.pollInterval()).map(t -> true);
        running.add(Flux.merge(ticks, wakeUps.asFlux())
                .onBackpressureLatest()
                .concatMap(w -> drain().onErrorResume(e -> Mono.empty()), 1)
                .subscribe());
    }

    @Override
    public void stop() {
        running.dispose();
        started.set(false);
    }

    @Override
    public boolean isRunning() {
        return started.get();
    }

    /** Wakes the relay; also called by the send path as a hint within this instance. */
    public void wakeUp() {
        wakeUps.tryEmitNext(true);
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
                .flatMap(locked -> locked ? publishLocked() : Mono.just(0));
        return tx.transactional(batch);
    }

    private Mono<Integer> publishLocked() {
        return db.sql("""
                select id, topic, record_key, event_type, event_id, tenant, payload from outbox
                where sent_at is null order by id limit :limit""")
                .bind("limit", properties.batchSize())
                .map(row -> new Pending(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("record_key", String.class),
                        row.get("event_type", String.class),
                        row.get("event_id", java.util.UUID.class).toString(),
                        row.get("tenant", String.class),
                        row.get("payload", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> {
                    backlog.set(rows.size());
                    if (rows.isEmpty()) {
                        return Mono.just(0);
                    }
                    List<Mono<?>> sends = new ArrayList<>(rows.size());
                    for (Pending p : rows) {
                        // never call send() on the producer's own I/O thread (where the previous send
                        // completes): a topic without cached metadata would wait on itself forever
                        sends.add(
                                Mono.fromFuture(() -> kafka.send(p.record())).subscribeOn(Schedulers.boundedElastic()));
                    }
                    Long[] ids = rows.stream().map(Pending::id).toArray(Long[]::new);
                    return Flux.concat(sends)
                            .then(db.sql("update outbox set sent_at = now() where id = any(:ids)")
                                    .bind("ids", ids)
                                    .fetch()
                                    .rowsUpdated())
                            .doOnSuccess(n -> published.increment(rows.size()))
                            .thenReturn(rows.size());
                });
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

    private record Pending(
            long id, String topic, String key, String type, String eventId, String tenant, String payload) {

        ProducerRecord<String, byte[]> record() {
            var record = new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_tenant", tenant.getBytes(StandardCharsets.UTF_8));
            return record;
        }
    }
}

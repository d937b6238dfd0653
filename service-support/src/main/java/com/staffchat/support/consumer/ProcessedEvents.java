package com.staffchat.support.consumer;

import com.staffchat.events.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The idempotent consumer's memory: which (consumer, event id) pairs have had their effect. Keyed
 * by consumer as well as event, so two handlers of one event (realtime and push in
 * notification-service) each run once and neither skips the other.
 *
 * <p>Two ways to use it, by what the effect is:
 *
 * <ul>
 *   <li>{@link #inTransaction}: the effect writes to this service's database. The record and the
 *       effect commit in one transaction: exactly once.
 *   <li>{@link #afterEffect}: the effect is an HTTP call (Pusher, FCM). The record is written right
 *       after the call succeeded: at least once. A crash or database failure between the two
 *       repeats the call on redelivery, so the receiving side must tolerate a repeat (clients
 *       deduplicate realtime events by message id and {@code seq}).
 * </ul>
 *
 * A batch listener asks once per batch ({@link #processedAmong}) and records what succeeded in one
 * statement ({@link #recordAll}), with the same at-least-once contract as {@link #afterEffect}.
 *
 * <p>Expects the table {@code processed_events (consumer text, event_id uuid, event_type text,
 * processed_at timestamptz, primary key (consumer, event_id))} in the service's schema.
 */
public class ProcessedEvents {

    private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);
    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    public ProcessedEvents(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /**
     * Runs {@code effect} (database writes through the same connection factory) once for this
     * consumer and event: the processed-event row is inserted first in the same transaction, so a
     * concurrent or later redelivery finds it and skips, and a failed effect rolls the row back.
     *
     * @return true if the effect ran, false if the event had been processed already
     */
    public Mono<Boolean> inTransaction(String consumer, EventEnvelope<?> envelope, Supplier<Mono<?>> effect) {
        Mono<Boolean> work = insert(consumer, envelope.id(), envelope.type()).flatMap(inserted -> {
            if (inserted == 0) {
                log.debug("{} skips {} {}: already processed", consumer, envelope.type(), envelope.id());
                return Mono.just(false);
            }
            return effect.get().then(Mono.just(true));
        });
        return transactions
                .transactional(work)
                .onErrorMap(
                        e -> !(e instanceof EventHandlingException),
                        e -> new EventHandlingException(consumer, envelope.id(), e));
    }

    /**
     * Runs a non-database {@code effect} (an HTTP call) unless this consumer processed the event
     * already, then records it: at least once. Blocks; call it from a listener thread, never from
     * an event loop.
     *
     * @return true if the effect ran, false if the event had been processed already
     */
    public boolean afterEffect(String consumer, EventEnvelope<?> envelope, Runnable effect) {
        try {
            if (Boolean.TRUE.equals(contains(consumer, envelope.id()).block(BLOCK_TIMEOUT))) {
                log.debug("{} skips {} {}: already processed", consumer, envelope.type(), envelope.id());
                return false;
            }
            effect.run();
            insert(consumer, envelope.id(), envelope.type()).block(BLOCK_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            throw e instanceof EventHandlingException ? e : new EventHandlingException(consumer, envelope.id(), e);
        }
    }

    public Mono<Boolean> contains(String consumer, UUID eventId) {
        return db.sql("select exists (select 1 from processed_events where consumer = :consumer and event_id = :id)"
                        + " as seen")
                .bind("consumer", consumer)
                .bind("id", eventId)
                .map(row -> Boolean.TRUE.equals(row.get("seen", Boolean.class)))
                .one();
    }

    /** Which of {@code eventIds} this consumer has processed already: one query for a whole batch. */
    public Mono<Set<UUID>> processedAmong(String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("select event_id from processed_events where consumer = :consumer"
                        + " and event_id = any(cast(:ids as uuid[]))")
                .bind("consumer", consumer)
                .bind("ids", eventIds.toArray(UUID[]::new))
                .map(row -> row.get("event_id", UUID.class))
                .all()
                .collect(HashSet<UUID>::new, Set::add)
                .map(Set::copyOf);
    }

    /**
     * Records that this consumer processed {@code envelopes} (their effects succeeded), in one
     * multi-row insert; ids recorded already are left as they are.
     *
     * @return how many rows were new
     */
    public Mono<Long> recordAll(String consumer, List<? extends EventEnvelope<?>> envelopes) {
        if (envelopes.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("insert into processed_events (consumer, event_id, event_type)"
                        + " select :consumer, e.id, e.type from unnest(cast(:ids as uuid[]), cast(:types as text[]))"
                        + " as e(id, type) on conflict do nothing")
                .bind("consumer", consumer)
                .bind("ids", envelopes.stream().map(EventEnvelope::id).toArray(UUID[]::new))
                .bind("types", envelopes.stream().map(EventEnvelope::type).toArray(String[]::new))
                .fetch()
                .rowsUpdated();
    }

    /** Whether this service's schema has the table (a service with Kafka and R2DBC may consume nothing). */
    public Mono<Boolean> tablePresent() {
        return db.sql("select to_regclass('processed_events') is not null as present")
                .map(row -> Boolean.TRUE.equals(row.get("present", Boolean.class)))
                .one();
    }

    /** Deletes rows processed before {@code cutoff}; returns how many. */
    public Mono<Long> pruneBefore(Instant cutoff) {
        return db.sql("delete from processed_events where processed_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
    }

    private Mono<Long> insert(String consumer, UUID eventId, String type) {
        return db.sql("insert into processed_events (consumer, event_id, event_type) values (:consumer, :id, :type)"
                        + " on conflict do nothing")
                .bind("consumer", consumer)
                .bind("id", eventId)
                .bind("type", type)
                .fetch()
                .rowsUpdated();
    }
}

package com.staffchat.notification.push;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.Topics;
import com.staffchat.notification.projection.Projection;
import com.staffchat.support.consumer.DependencyUnavailableException;
import com.staffchat.support.consumer.EventHandlingException;
import com.staffchat.support.consumer.FailedInBatch;
import com.staffchat.support.consumer.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The push handler: its own consumer group ({@value #CONSUMER}) on the conversation topic, a batch
 * at a time through service-support's consumer kit, so an FCM outage never holds realtime events
 * back and a Pusher outage never holds pushes back. Per batch: the projection applied first
 * ({@link Projection#apply}: exactly once under its own name, so whichever of this listener and
 * the unread-count listener comes first applies it, and the other finds it done); one processed-events
 * lookup under {@value #CONSUMER}; then each new event decided and sent ({@link MessagePushes}),
 * each conversation's events in order and {@code conversations-in-flight} conversations at once;
 * one insert recording the events handled.
 *
 * <p>Failures: an FCM outage past the sender's retry budget ({@link DependencyUnavailableException})
 * or a database outage fails the record at its index as an outage (the kit commits the records
 * before it, pauses the partition and retries until it is over; tokens FCM accepted before are not
 * pushed again, {@link PushDeliveries}); any other failure of a record is retried briefly and
 * dead-lettered under {@value #CONSUMER}. With FCM off (no {@link FcmSender}) records are consumed
 * and nothing is done, so turning FCM on later does not push a backlog of old messages.
 */
@Configuration
class PushListener {

    /** The push handler's name in processed_events, its consumer group and dead-letter headers. */
    static final String CONSUMER = "notification-push";

    static final String BATCH_FACTORY = "pushBatchListenerFactory";

    private static final Logger log = LoggerFactory.getLogger(PushListener.class);
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Beyond the sender's retry budget: firebase-admin's own retries of a 503 (up to four, honouring
     * a Retry-After of up to 60 s) run inside one of the sender's attempts.
     */
    private static final Duration FCM_MARGIN = Duration.ofMinutes(5);

    private final EventCodec codec;
    private final Projection projection;
    private final ProcessedEvents processed;
    private final MessagePushes pushes;
    private final MeterRegistry meters;
    private final Duration sendTimeout;
    private final int conversationsInFlight;

    PushListener(
            EventCodec codec,
            Projection projection,
            ProcessedEvents processed,
            MessagePushes pushes,
            MeterRegistry meters,
            FcmProperties settings,
            PushListenerProperties listenerSettings) {
        this.codec = codec;
        this.projection = projection;
        this.processed = processed;
        this.pushes = pushes;
        this.meters = meters;
        this.sendTimeout = settings.retryBudget().plus(FCM_MARGIN);
        this.conversationsInFlight = listenerSettings.conversationsInFlight();
    }

    /** As the realtime listener's: a batch per poll, committed after each batch. */
    @Bean(BATCH_FACTORY)
    static ConcurrentKafkaListenerContainerFactory<Object, Object> pushBatchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        // a lost commit only means redelivery, and processed_events and push_deliveries skip what was pushed
        factory.getContainerProperties().setSyncCommits(false);
        return factory;
    }

    @KafkaListener(
            id = CONSUMER,
            topics = Topics.CONVERSATIONS,
            containerFactory = BATCH_FACTORY,
            concurrency = "${staffchat.push-listener.concurrency:3}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        if (!pushes.on()) {
            return; // FCM is off: nothing to push, and nothing to catch up on when it is turned on
        }

        List<EventEnvelope<? extends ConversationEvent>> envelopes = new ArrayList<>(records.size());
        RuntimeException unprocessable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                envelopes.add(decode(record));
            } catch (EventDecodingException e) {
                unprocessable = e; // dead-lettered after the records before it
                break;
            }
        }

        // the projection first: recipients, unread counts and mutes must include this batch
        try {
            projection.apply(envelopes).block(DATABASE_TIMEOUT);
        } catch (Projection.EventNotApplied e) {
            envelopes.subList(e.index(), envelopes.size()).clear();
            unprocessable = new EventHandlingException(Projection.CONSUMER, e.eventId(), e.getCause());
        } catch (RuntimeException e) {
            throw FailedInBatch.at(0, e); // the database is down: retried until it is back
        }

        Set<UUID> done;
        try {
            done = processed
                    .processedAmong(
                            CONSUMER, envelopes.stream().map(EventEnvelope::id).toList())
                    .block(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            throw FailedInBatch.at(0, e);
        }

        // each conversation's events in order, several conversations at once
        Set<UUID> seen = new HashSet<>(done);
        Map<String, List<Integer>> lanes = new LinkedHashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            EventEnvelope<? extends ConversationEvent> envelope = envelopes.get(i);
            if (!MessagePushes.concerns(envelope.data()) || !seen.add(envelope.id())) {
                continue; // nothing to push, pushed before, or a second copy within this batch
            }
            ConsumerRecord<String, byte[]> record = records.get(i);
            String lane = record.key() != null ? record.key() : "partition-" + record.partition();
            lanes.computeIfAbsent(lane, k -> new ArrayList<>()).add(i);
        }
        List<Outcome> outcomes = Flux.fromIterable(lanes.values())
                .flatMap(
                        lane -> Flux.fromIterable(lane)
                                .concatMap(i -> handle(envelopes.get(i))
                                        .map(handled -> new Outcome(i, handled, null))
                                        .onErrorResume(e -> Mono.just(new Outcome(i, null, e))))
                                .takeUntil(outcome -> outcome.failure() != null), // a lane stops at its first failure
                        conversationsInFlight)
                .collectList()
                .block();

        // everything handled is recorded, after the first failure too (other conversations): redelivery skips it
        Outcome failed = null;
        List<EventEnvelope<?>> handled = new ArrayList<>();
        for (Outcome outcome : outcomes.stream()
                .sorted(Comparator.comparingInt(Outcome::index))
                .toList()) {
            if (outcome.failure() != null) {
                failed = failed == null ? outcome : failed;
                continue;
            }
            handled.add(envelopes.get(outcome.index()));
            outcome.handled().decisions().forEach((reason, n) -> meters.counter(
                            MessagePushes.DECISIONS_METRIC, "reason", reason.tag())
                    .increment(n));
            if (log.isDebugEnabled() && !outcome.handled().outcomes().isEmpty()) {
                EventEnvelope<?> envelope = envelopes.get(outcome.index());
                log.debug(
                        "{} {}: {} {}",
                        envelope.type(),
                        envelope.id(),
                        outcome.handled().decisions(),
                        outcome.handled().outcomes());
            }
        }
        int firstFailed = failed == null ? 0 : failed.index();
        record(handled, firstFailed);
        if (failed != null) {
            throw FailedInBatch.at(
                    failed.index(),
                    new EventHandlingException(
                            CONSUMER, envelopes.get(failed.index()).id(), failed.failure()));
        }
        if (unprocessable != null) {
            throw FailedInBatch.at(envelopes.size(), unprocessable);
        }
    }

    /** One event's handling: what it did, or why it failed. */
    private record Outcome(
            int index,
            MessagePushes.@Nullable Handled handled,
            @Nullable Throwable failure) {}

    /** Decides and sends one event's pushes; not done within the send timeout counts as an outage. */
    private Mono<MessagePushes.Handled> handle(EventEnvelope<? extends ConversationEvent> envelope) {
        return Mono.defer(() -> pushes.handle(envelope))
                .timeout(
                        sendTimeout,
                        Mono.defer(() -> Mono.error(new DependencyUnavailableException(
                                "pushes of event " + envelope.id() + " not done within " + sendTimeout))));
    }

    /** Records the handled events; a failure here fails the batch at {@code index} (redelivery skips what FCM had). */
    private void record(List<EventEnvelope<?>> handled, int index) {
        try {
            processed.recordAll(CONSUMER, handled).block(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            throw FailedInBatch.at(index, e);
        }
    }

    private EventEnvelope<? extends ConversationEvent> decode(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<? extends EventPayload> envelope = codec.decode(record.value());
        if (!(envelope.data() instanceof ConversationEvent)) {
            throw new EventDecodingException(envelope.type() + " does not belong on " + Topics.CONVERSATIONS);
        }
        @SuppressWarnings("unchecked")
        var conversationEvent = (EventEnvelope<? extends ConversationEvent>) envelope;
        return conversationEvent;
    }
}

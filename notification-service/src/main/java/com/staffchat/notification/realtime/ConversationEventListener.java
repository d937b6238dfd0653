package com.staffchat.notification.realtime;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.Topics;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.support.consumer.EventHandlingException;
import com.staffchat.support.consumer.FailedInBatch;
import com.staffchat.support.consumer.ProcessedEvents;
import com.staffchat.support.consumer.RecordTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the conversation topic a batch at a time and triggers the realtime events each event
 * becomes ({@link RealtimeEvents}), through service-support's consumer kit. Per batch: one
 * processed-events lookup; the triggers of what is new sent in few calls and several at once, in
 * each conversation's order ({@link BatchTriggers}); and one insert recording what was delivered.
 * What needs the projection (the per-person {@code unread-count} after new messages) is sent by
 * {@link UnreadCountListener} in its own consumer group, so nothing here waits for it. The realtime effect is an HTTP call, so it is at
 * least once: the record is written right after its triggers succeeded, and a crash in between
 * repeats triggers (clients deduplicate by message id and seq) rather than losing them.
 *
 * <p>When a record fails, the listener throws {@link FailedInBatch} with the index of the first
 * record not delivered: the error handler commits everything before it and treats that record as
 * a record listener's failure (an outage of realtime-service or Pusher is retried until it is over,
 * its partition paused; a record Pusher refuses is retried briefly and dead-lettered); the records
 * after it come again and those delivered meanwhile are skipped as processed. Each handler of an
 * event is recorded under its own consumer name, so a push handler added beside this one runs once
 * too and neither skips the other.
 */
@Component
class ConversationEventListener {

    /** The realtime handler's name in processed_events and in dead-letter headers. */
    static final String REALTIME_CONSUMER = "notification-realtime";

    private static final Logger log = LoggerFactory.getLogger(ConversationEventListener.class);
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);

    private final EventCodec codec;
    private final RealtimeEvents realtimeEvents;
    private final RealtimePublisher publisher;
    private final ConnectionTerminations terminations;
    private final ProcessedEvents processed;
    private final ExecutorService realtimeCalls;
    private final NotificationProperties.Pusher settings;
    private final Timer consumeTimer;
    private final Timer totalTimer;

    ConversationEventListener(
            EventCodec codec,
            RealtimeEvents realtimeEvents,
            RealtimePublisher publisher,
            ConnectionTerminations terminations,
            ProcessedEvents processed,
            ExecutorService realtimeCalls,
            NotificationProperties properties,
            MeterRegistry meters) {
        this.codec = codec;
        this.realtimeEvents = realtimeEvents;
        this.publisher = publisher;
        this.terminations = terminations;
        this.processed = processed;
        this.realtimeCalls = realtimeCalls;
        this.settings = properties.pusher();
        this.consumeTimer = RealtimePublisher.hopTimer(meters, "kafka.consume");
        this.totalTimer = RealtimePublisher.hopTimer(meters, "notification.total");
    }

    @KafkaListener(
            id = "notification-conversations",
            topics = Topics.CONVERSATIONS,
            containerFactory = RealtimeListenerConfiguration.BATCH_FACTORY,
            concurrency = "${staffchat.conversation-listener.concurrency:3}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        long received = System.currentTimeMillis();
        records.forEach(record -> since(consumeTimer, record, received));

        // decoded in order up to the first record that cannot be: that one fails after the ones before it
        List<EventEnvelope<? extends ConversationEvent>> envelopes = new ArrayList<>(records.size());
        List<List<RealtimeEvent>> events = new ArrayList<>(records.size());
        RuntimeException unprocessable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope<? extends ConversationEvent> envelope;
            try {
                envelope = decode(record);
            } catch (EventDecodingException e) {
                unprocessable = e; // dead-lettered at once, under the listener's name
                break;
            }
            try {
                events.add(realtimeEvents.of(envelope));
            } catch (RuntimeException e) {
                unprocessable = new EventHandlingException(REALTIME_CONSUMER, envelope.id(), e);
                break;
            }
            envelopes.add(envelope);
        }

        Set<UUID> done;
        try {
            done = processed
                    .processedAmong(
                            REALTIME_CONSUMER,
                            envelopes.stream().map(EventEnvelope::id).toList())
                    .block(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            throw FailedInBatch.at(0, e); // the database is down: retried until it is back
        }

        List<BatchTriggers.Item> items = new ArrayList<>();
        List<EventEnvelope<?>> delivered = new ArrayList<>();
        Set<UUID> seen = new HashSet<>(done);
        boolean[] complete = new boolean[envelopes.size()];
        for (int i = 0; i < envelopes.size(); i++) {
            if (!seen.add(envelopes.get(i).id())) {
                complete[i] = true; // processed before, or a second copy within this batch
                continue;
            }
            ConsumerRecord<String, byte[]> record = records.get(i);
            String lane = record.key() != null ? record.key() : "partition-" + record.partition();
            items.add(new BatchTriggers.Item(i, lane, RecordTrace.traceparent(record), new ArrayList<>(events.get(i))));
        }

        var triggers = new BatchTriggers(
                publisher,
                realtimeCalls,
                settings.maxEventsPerBatch(),
                settings.maxChannelsPerTrigger(),
                settings.callsInFlight(),
                item -> {
                    complete[item.index] = true;
                    delivered.add(envelopes.get(item.index));
                    since(totalTimer, records.get(item.index), System.currentTimeMillis());
                    if (log.isDebugEnabled()) {
                        try (var trace = RecordTrace.inLogs(item.traceId())) {
                            log.debug(
                                    "Triggered {} realtime event(s) for {} {}",
                                    item.events.size(),
                                    envelopes.get(item.index).type(),
                                    envelopes.get(item.index).id());
                        }
                    }
                });
        RuntimeException outage = triggers.send(items);

        // people removed from (or leaving) a conversation lose their open subscription to it: their connections end,
        // the client authorizes its channels again, and message-service refuses this one. Once one termination fails,
        // that record and every later one stay undelivered (redelivered; triggers repeat, terminating is idempotent).
        Map<Integer, RuntimeException> notTerminated = new HashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            if (!notTerminated.isEmpty()) {
                if (complete[i] && !done.contains(envelopes.get(i).id())) {
                    complete[i] = false;
                    delivered.remove(envelopes.get(i));
                }
                continue;
            }
            if (complete[i]
                    && !done.contains(envelopes.get(i).id())
                    && envelopes.get(i).data() instanceof ParticipantsRemoved removed) {
                try {
                    for (long staffId : removed.staffIds()) {
                        terminations.terminate(
                                envelopes.get(i).tenant(), staffId, "left conversation " + removed.conversationId());
                    }
                } catch (RuntimeException e) {
                    complete[i] = false;
                    delivered.remove(envelopes.get(i));
                    notTerminated.put(i, e);
                }
            }
        }

        try {
            processed.recordAll(REALTIME_CONSUMER, delivered).block(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            // delivered but not recorded: redelivery repeats these triggers (at least once)
            throw FailedInBatch.at(0, e);
        }

        for (int i = 0; i < envelopes.size(); i++) {
            if (!complete[i]) {
                int index = i;
                RuntimeException cause = items.stream()
                        .filter(item -> item.index == index && item.failure != null)
                        .map(item -> item.failure)
                        .findFirst()
                        .orElse(
                                notTerminated.containsKey(index)
                                        ? notTerminated.get(index)
                                        : outage != null
                                                ? outage
                                                : new IllegalStateException(
                                                        "not sent: its conversation stopped at an earlier record"));
                throw FailedInBatch.at(
                        i,
                        new EventHandlingException(
                                REALTIME_CONSUMER, envelopes.get(i).id(), cause));
            }
        }
        if (unprocessable != null) {
            throw FailedInBatch.at(envelopes.size(), unprocessable);
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

    private static void since(Timer timer, ConsumerRecord<?, ?> record, long nowMillis) {
        if (record.timestamp() > 0) {
            timer.record(Math.max(0, nowMillis - record.timestamp()), TimeUnit.MILLISECONDS);
        }
    }
}

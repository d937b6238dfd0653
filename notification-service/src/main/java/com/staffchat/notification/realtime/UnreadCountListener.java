package com.staffchat.notification.realtime;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.notification.projection.Projection;
import com.staffchat.notification.projection.ProjectionProperties;
import com.staffchat.notification.projection.Recipients;
import com.staffchat.support.consumer.EventHandlingException;
import com.staffchat.support.consumer.FailedInBatch;
import com.staffchat.support.consumer.RecordTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the projection and sends the per-person {@code unread-count} after new messages: its own
 * consumer group ({@value #GROUP}) on the conversation topic, so the conversation channels' events
 * ({@link ConversationEventListener}) never wait for the projection's transaction or the recipients
 * query, and a slow projection never holds {@code new-message} back.
 *
 * <p>Per batch: the projection applied ({@link Projection#apply}, exactly once per event under
 * {@value Projection#CONSUMER}, whichever of this listener and the push listener comes first); one
 * recipients query for the conversations with new messages (only people whose own channel is open:
 * {@code staffchat.projection.unread-count-to}); their {@code unread-count} events sent through
 * {@link BatchTriggers}. The counts are the projection's state when sent, not the event's, so a
 * redelivered batch simply sends the current counts again (clients take the values as they are);
 * no processed-events record is needed beyond the projection's own.
 *
 * <p>Failures: a record the projection cannot apply is dead-lettered under
 * {@value Projection#CONSUMER} after the records before it; one that cannot be decoded is skipped
 * (the realtime listener dead-letters it; a replay reaches this group too); a database outage, or a
 * Pusher outage while sending, fails the batch where it stands and the consumer kit retries it until
 * the outage is over.
 */
@Component
class UnreadCountListener {

    /** This listener's consumer group and its name in dead-letter headers. */
    static final String GROUP = "notification-unread-counts";

    private static final Logger log = LoggerFactory.getLogger(UnreadCountListener.class);
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);

    private final EventCodec codec;
    private final RealtimeEvents realtimeEvents;
    private final RealtimePublisher publisher;
    private final Projection projection;
    private final ProjectionProperties projectionSettings;
    private final ExecutorService realtimeCalls;
    private final NotificationProperties.Pusher settings;

    UnreadCountListener(
            EventCodec codec,
            RealtimeEvents realtimeEvents,
            RealtimePublisher publisher,
            Projection projection,
            ProjectionProperties projectionSettings,
            ExecutorService realtimeCalls,
            NotificationProperties properties) {
        this.codec = codec;
        this.realtimeEvents = realtimeEvents;
        this.publisher = publisher;
        this.projection = projection;
        this.projectionSettings = projectionSettings;
        this.realtimeCalls = realtimeCalls;
        this.settings = properties.pusher();
    }

    @KafkaListener(
            id = GROUP,
            topics = Topics.CONVERSATIONS,
            containerFactory = RealtimeListenerConfiguration.BATCH_FACTORY,
            concurrency = "${staffchat.conversation-listener.concurrency:3}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        // the records that decode, with their place in the batch; one that does not is skipped here: the realtime
        // listener dead-letters it, and a replay from the dead-letter topic reaches this group again
        List<EventEnvelope<? extends ConversationEvent>> envelopes = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> decoded = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                envelopes.add(decode(record));
                decoded.add(record);
            } catch (EventDecodingException e) {
                log.debug(
                        "Skipped an undecodable record at {}-{}@{}",
                        record.topic(),
                        record.partition(),
                        record.offset());
            }
        }
        RuntimeException unprocessable = null;

        try {
            projection.apply(envelopes).block(DATABASE_TIMEOUT);
        } catch (Projection.EventNotApplied e) {
            envelopes.subList(e.index(), envelopes.size()).clear();
            unprocessable = new EventHandlingException(Projection.CONSUMER, e.eventId(), e.getCause());
        } catch (RuntimeException e) {
            throw FailedInBatch.at(0, e); // the database is down: retried until it is back
        }

        // per conversation, after its newest message of the batch: one count per person however many messages came
        Map<Projection.Conversation, Integer> latest = new LinkedHashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            if (envelopes.get(i).data() instanceof MessageSent m) {
                latest.put(new Projection.Conversation(envelopes.get(i).tenant(), m.conversationId()), i);
            }
        }
        if (!latest.isEmpty()) {
            send(records, decoded, envelopes, latest);
        }
        if (unprocessable != null) {
            throw FailedInBatch.at(batchIndex(records, decoded, envelopes.size()), unprocessable);
        }
    }

    private void send(
            List<ConsumerRecord<String, byte[]>> allRecords,
            List<ConsumerRecord<String, byte[]>> records,
            List<EventEnvelope<? extends ConversationEvent>> envelopes,
            Map<Projection.Conversation, Integer> latest) {
        int exactMax = projectionSettings.exactUnreadMaxMembers();
        List<Recipients> members;
        try {
            members = projection
                    .recipientsOf(latest.keySet(), exactMax, projectionSettings.unreadCountRecipients())
                    .block(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            throw FailedInBatch.at(0, e); // the database is down: the batch again (applied events are skipped)
        }
        List<BatchTriggers.Item> items = new ArrayList<>();
        for (Recipients conversation : members) {
            int index = latest.get(new Projection.Conversation(conversation.hotel(), conversation.conversationId()));
            var events = realtimeEvents.unreadAfterMessage(
                    conversation.hotel(), (MessageSent) envelopes.get(index).data(), conversation, exactMax);
            if (!events.isEmpty()) {
                ConsumerRecord<String, byte[]> record = records.get(index);
                String lane = record.key() != null ? record.key() : "partition-" + record.partition();
                items.add(
                        new BatchTriggers.Item(index, lane, RecordTrace.traceparent(record), new ArrayList<>(events)));
            }
        }
        if (items.isEmpty()) {
            return;
        }
        var triggers = new BatchTriggers(
                publisher,
                realtimeCalls,
                settings.maxEventsPerBatch(),
                settings.maxChannelsPerTrigger(),
                settings.callsInFlight(),
                item -> {});
        RuntimeException outage = triggers.send(items);
        // the first record whose counts did not go: it and those after it come again (the projection skips them)
        int first = items.stream()
                .filter(item -> !item.delivered())
                .mapToInt(item -> item.index)
                .min()
                .orElse(-1);
        if (first >= 0) {
            RuntimeException cause = items.stream()
                    .filter(item -> item.index == first && item.failure != null)
                    .map(item -> item.failure)
                    .findFirst()
                    .orElse(outage != null ? outage : new IllegalStateException("unread counts not sent"));
            throw FailedInBatch.at(
                    batchIndex(allRecords, records, first),
                    new EventHandlingException(GROUP, envelopes.get(first).id(), cause));
        }
    }

    /** The place in the whole batch of the {@code index}-th decoded record (the batch's size past the last one). */
    private static int batchIndex(
            List<ConsumerRecord<String, byte[]>> all, List<ConsumerRecord<String, byte[]>> decoded, int index) {
        return index < decoded.size() ? all.indexOf(decoded.get(index)) : all.size();
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

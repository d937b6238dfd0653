package com.staffchat.notification.realtime;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ProcessedEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the conversation topic and triggers the realtime events, through service-support's
 * consumer kit. Each handler of an event is recorded under its own consumer name, so a push
 * handler added beside the realtime one runs once too and neither skips the other. The realtime
 * effect is an HTTP call, so it is at least once: the record is written right after every trigger
 * succeeded, and a crash in between repeats triggers (clients deduplicate by message id and seq)
 * rather than losing them. An outage of realtime-service or Pusher is retried until it is over;
 * a record Pusher refuses (4xx) is retried briefly and dead-lettered.
 */
@Component
class ConversationEventListener {

    /** The realtime handler's name in processed_events and in dead-letter headers. */
    static final String REALTIME_CONSUMER = "notification-realtime";

    private final EventCodec codec;
    private final RealtimeEvents realtimeEvents;
    private final RealtimePublisher publisher;
    private final ProcessedEvents processed;

    ConversationEventListener(
            EventCodec codec, RealtimeEvents realtimeEvents, RealtimePublisher publisher, ProcessedEvents processed) {
        this.codec = codec;
        this.realtimeEvents = realtimeEvents;
        this.publisher = publisher;
        this.processed = processed;
    }

    @KafkaListener(id = "notification-conversations", topics = Topics.CONVERSATIONS)
    void onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<? extends EventPayload> envelope = codec.decode(record.value());
        if (!(envelope.data() instanceof ConversationEvent)) {
            throw new EventDecodingException(envelope.type() + " does not belong on " + Topics.CONVERSATIONS);
        }
        @SuppressWarnings("unchecked")
        var conversationEvent = (EventEnvelope<? extends ConversationEvent>) envelope;
        processed.afterEffect(REALTIME_CONSUMER, envelope, () -> realtimeEvents
                .of(conversationEvent)
                .forEach(publisher::trigger));
    }
}

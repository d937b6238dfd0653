package com.staffchat.notification.realtime;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.Topics;
import com.staffchat.notification.inbox.ProcessedEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the conversation topic and triggers the realtime events. At least once and
 * idempotent: an event id already processed is skipped; the id is recorded after every trigger
 * succeeded, so a crash in between repeats triggers (clients deduplicate by message id and seq)
 * rather than losing them. Failures are retried with back-off, then dead-lettered.
 */
@Component
class ConversationEventListener {

    private static final Logger log = LoggerFactory.getLogger(ConversationEventListener.class);

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
            throw new com.staffchat.events.EventDecodingException(
                    envelope.type() + " does not belong on " + Topics.CONVERSATIONS);
        }
        if (processed.contains(envelope.id())) {
            log.debug("Skipping {} {}: already processed", envelope.type(), envelope.id());
            return;
        }
        @SuppressWarnings("unchecked")
        var conversationEvent = (EventEnvelope<? extends ConversationEvent>) envelope;
        realtimeEvents.of(conversationEvent).forEach(publisher::trigger);
        processed.record(envelope.id(), envelope.type());
    }
}

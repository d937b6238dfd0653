package com.staffchat.notification.realtime;

import com.staffchat.events.AttachmentEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ProcessedEvents;
import com.staffchat.support.consumer.RecordTrace;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Consumes {@code staffchat.attachments} and tells a conversation's subscribers when one of its files changed
 * ({@link AttachmentUpdates}: a thumbnail is ready, the file was deleted), through service-support's consumer
 * kit: a record that cannot be decoded is dead-lettered at once, an outage of the Pusher API is waited out
 * with the partition paused, a refused event is retried briefly and dead-lettered. The trigger is an HTTP
 * call, so the event is recorded as processed right after it (at least once: a redelivery after a crash
 * repeats the same {@code attachment-updated}, which clients apply idempotently).
 */
@Configuration
class AttachmentEventListener {

    /** This handler's name in processed_events and in dead-letter headers. */
    static final String CONSUMER = "notification-attachments";

    private final EventCodec codec;
    private final RealtimePublisher publisher;
    private final ProcessedEvents processed;

    AttachmentEventListener(EventCodec codec, RealtimePublisher publisher, ProcessedEvents processed) {
        this.codec = codec;
        this.publisher = publisher;
        this.processed = processed;
    }

    /**
     * Declared here too, so this consumer has its topic before attachment-service first publishes. Keyed by
     * conversation like the conversation topic, so it has as many partitions.
     */
    @Bean
    NewTopic attachmentsTopic() {
        return TopicBuilder.name(Topics.ATTACHMENTS)
                .partitions(Topics.CONVERSATIONS_PARTITIONS)
                .build();
    }

    @Bean
    NewTopic attachmentsDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.ATTACHMENTS))
                .partitions(1)
                .build();
    }

    @KafkaListener(id = CONSUMER, topics = Topics.ATTACHMENTS)
    void onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<? extends EventPayload> decoded = codec.decode(record.value());
        if (!(decoded.data() instanceof AttachmentEvent)) {
            throw new EventDecodingException(decoded.type() + " does not belong on " + Topics.ATTACHMENTS);
        }
        @SuppressWarnings("unchecked")
        var envelope = (EventEnvelope<? extends AttachmentEvent>) decoded;
        List<RealtimeEvent> events = AttachmentUpdates.of(envelope);
        if (events.isEmpty()) {
            return;
        }
        processed.afterEffect(
                CONSUMER, envelope, () -> publisher.triggerBatch(events, RecordTrace.traceparent(record)));
    }
}

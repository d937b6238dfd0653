package com.staffchat.attachment.linking;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ProcessedEvents;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Consumes {@code staffchat.conversations} (consumer group {@code attachment-service}) with service-support's consumer
 * kit: a {@link MessageSent} with attachments links them to the message; a {@link MessageDeleted} (soft or hard)
 * removes its attachments' files and marks them deleted. Each effect commits with its processed-event record
 * ({@link ProcessedEvents#inTransaction}), so a redelivered event changes nothing twice. Other events are not
 * this consumer's business and are not recorded. A record that cannot be decoded goes to the dead-letter topic at
 * once; a database or S3 outage is retried with back-off until it is over.
 */
@Configuration
class ConversationEventListener {

    /** The consumer's name in processed_events and in dead letters' headers. */
    static final String CONSUMER = "attachment-linking";

    /** A handler blocks its listener thread at most this long (S3 deletes included) before the record is retried. */
    static final Duration HANDLING_TIMEOUT = Duration.ofMinutes(2);

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final Linking linking;

    ConversationEventListener(EventCodec codec, ProcessedEvents processed, Linking linking) {
        this.codec = codec;
        this.processed = processed;
        this.linking = linking;
    }

    /**
     * Declared here as in message-service and notification-service, with the same partition count, so the topic is
     * whole whichever service starts first.
     */
    @Bean
    NewTopic conversationsTopic() {
        return TopicBuilder.name(Topics.CONVERSATIONS)
                .partitions(Topics.CONVERSATIONS_PARTITIONS)
                .build();
    }

    @Bean
    NewTopic conversationsDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.CONVERSATIONS))
                .partitions(1)
                .build();
    }

    @KafkaListener(id = CONSUMER, groupId = "attachment-service", topics = Topics.CONVERSATIONS)
    void onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<? extends EventPayload> envelope = codec.decode(record.value());
        if (!(envelope.data() instanceof ConversationEvent)) {
            throw new EventDecodingException(envelope.type() + " does not belong on " + Topics.CONVERSATIONS);
        }
        String hotel = envelope.tenant();
        if (envelope.data() instanceof MessageSent sent && !sent.attachments().isEmpty()) {
            processed
                    .inTransaction(CONSUMER, envelope, () -> linking.link(hotel, sent))
                    .block(HANDLING_TIMEOUT);
        } else if (envelope.data() instanceof MessageDeleted deleted) {
            int[] removed = {0};
            Boolean ran = processed
                    .inTransaction(CONSUMER, envelope, () -> linking.removeMessage(hotel, deleted)
                            .doOnNext(n -> removed[0] = n))
                    .block(HANDLING_TIMEOUT);
            if (Boolean.TRUE.equals(ran)) {
                linking.afterCommit(removed[0]);
            }
        }
    }
}

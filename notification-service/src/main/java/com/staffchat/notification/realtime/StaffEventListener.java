package com.staffchat.notification.realtime;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.StaffDeactivated;
import com.staffchat.events.StaffEvent;
import com.staffchat.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Consumes {@code staffchat.staff}: when a person is deactivated, ends every realtime connection
 * they signed in with ({@code POST /apps/{id}/users/{hotel}:{staffId}/terminate_connections}).
 * Terminating is idempotent, so at-least-once delivery needs no deduplication; an outage of the
 * Pusher API is waited out (service-support's consumer kit), a refusal is dead-lettered.
 */
@Configuration
class StaffEventListener {

    private final EventCodec codec;
    private final ConnectionTerminations terminations;

    StaffEventListener(EventCodec codec, ConnectionTerminations terminations) {
        this.codec = codec;
        this.terminations = terminations;
    }

    /** Created here too, so this consumer has its topic even before message-service first starts. */
    @Bean
    NewTopic staffTopic() {
        return TopicBuilder.name(Topics.STAFF)
                .partitions(Topics.STAFF_PARTITIONS)
                .build();
    }

    @Bean
    NewTopic staffDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.STAFF)).partitions(1).build();
    }

    @KafkaListener(id = "notification-staff", topics = Topics.STAFF)
    void onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<? extends EventPayload> envelope = codec.decode(record.value());
        if (!(envelope.data() instanceof StaffEvent)) {
            throw new com.staffchat.events.EventDecodingException(
                    envelope.type() + " does not belong on " + Topics.STAFF);
        }
        if (envelope.data() instanceof StaffDeactivated deactivated) {
            terminations.terminate(envelope.tenant(), deactivated.staffId(), "deactivated");
        }
    }
}

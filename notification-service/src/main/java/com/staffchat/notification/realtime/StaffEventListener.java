package com.staffchat.notification.realtime;

import com.pusher.rest.data.Result;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.StaffDeactivated;
import com.staffchat.events.StaffEvent;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(StaffEventListener.class);

    private final EventCodec codec;
    private final RealtimePublisher publisher;
    private final MeterRegistry meters;

    StaffEventListener(EventCodec codec, RealtimePublisher publisher, MeterRegistry meters) {
        this.codec = codec;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Created here too, so this consumer has its topic even before message-service first starts. */
    @Bean
    NewTopic staffTopic() {
        return TopicBuilder.name(Topics.STAFF).partitions(3).build();
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
            terminate(UserAuthController.userId(envelope.tenant(), deactivated.staffId()));
        }
    }

    private void terminate(String userId) {
        // hotel slugs and ids need no escaping; ':' is allowed in a path segment
        String path = "/users/" + userId + "/terminate_connections";
        Result result = publisher.pusher().post(path, "{}");
        meters.counter(
                        "staffchat.realtime.terminations",
                        "outcome",
                        result.getStatus().name().toLowerCase())
                .increment();
        if (result.getStatus() != Result.Status.SUCCESS) {
            String reason = "Pusher refused terminate_connections for " + userId + ": " + result.getStatus() + " "
                    + result.getHttpStatus() + " " + result.getMessage();
            // the same classification as triggers: an outage waits (partition paused), a refusal is dead-lettered
            if (RealtimePublisher.isOutage(result.getHttpStatus())) {
                throw new DependencyUnavailableException(reason);
            }
            throw new RealtimePublisher.RealtimeDeliveryException(reason);
        }
        log.info("Ended the realtime connections of deactivated user {}", userId);
    }
}

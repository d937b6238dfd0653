package com.staffchat.notification;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failed records are retried with exponential back-off, then published to the topic's
 * dead-letter topic with the exception in the headers. Records that cannot be decoded are not
 * retried at all: they go to the dead-letter topic at once.
 */
@Configuration
class KafkaConsumerConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    NewTopic conversationsDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.CONVERSATIONS))
                .partitions(1)
                .build();
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> template, NotificationProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        var backOff = new ExponentialBackOff(
                properties.consumer().retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.consumer().retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.consumer().retryMaxElapsed().toMillis());
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(EventDecodingException.class);
        return handler;
    }
}

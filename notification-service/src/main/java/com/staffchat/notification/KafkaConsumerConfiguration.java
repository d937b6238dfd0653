package com.staffchat.notification;

import com.staffchat.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The dead-letter topic of the conversation topic. Retries, dead letters and the processed-events
 * record come from service-support's consumer kit ({@code com.staffchat.support.consumer}).
 */
@Configuration
class KafkaConsumerConfiguration {

    @Bean
    NewTopic conversationsDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.CONVERSATIONS))
                .partitions(1)
                .build();
    }
}

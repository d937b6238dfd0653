package com.staffchat.notification;

import com.staffchat.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The conversation topic and its dead-letter topic. The topic is declared here as well as in
 * message-service, with the same partition count, so it is whole whichever service starts first: a
 * consumer that joined while it had fewer partitions would miss the rest until its next metadata
 * refresh. Retries, dead letters and the processed-events
 * record come from service-support's consumer kit ({@code com.staffchat.support.consumer}).
 */
@Configuration
class KafkaConsumerConfiguration {

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
}

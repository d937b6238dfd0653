package com.staffchat.message.outbox;

import com.staffchat.events.EventCodec;
import com.staffchat.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics message-service produces to, created at start when missing. */
@Configuration
class KafkaTopicsConfiguration {

    @Bean
    NewTopic conversationsTopic() {
        return TopicBuilder.name(Topics.CONVERSATIONS)
                .partitions(Topics.CONVERSATIONS_PARTITIONS)
                .build();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}

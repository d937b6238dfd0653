package com.staffchat.notification.realtime;

import com.staffchat.notification.NotificationProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * The conversation listener's container: Spring Boot's settings (and the consumer kit's error
 * handler) as for every listener, but receiving a batch per poll and committing after each batch;
 * and the bounded pool its Pusher API calls run on.
 */
@Configuration
class RealtimeListenerConfiguration {

    static final String BATCH_FACTORY = "conversationBatchListenerFactory";

    @Bean(BATCH_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> conversationBatchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        // a lost commit only means redelivery, and processed_events skips what was delivered
        factory.getContainerProperties().setSyncCommits(false);
        return factory;
    }

    /**
     * The threads Pusher API calls run on (pusher-http-java blocks, so never an event loop), shared
     * by the listener's consumer threads: each may have {@code calls-in-flight} calls under way, and
     * this many run at once.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService realtimeCalls(NotificationProperties properties) {
        int threads = properties.pusher().callsInFlight();
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "realtime-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}

package com.staffchat.support.consumer;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventDecodingException;
import com.staffchat.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The consumer kit, for every service that has spring-kafka: the {@link EventCodec}, the error
 * handler, and (with R2DBC) {@link ProcessedEvents} and its scheduled prune.
 *
 * <p>The error handler retries a failed record in place, so a conversation's events stay in order.
 * While it waits it pauses only that record's partition ({@link PartitionPausingBackOff}), so the
 * consumer keeps polling and other partitions keep flowing. What it does after that depends
 * on the failure ({@link FailureClassifier}): a dependency outage is retried with capped back-off
 * for as long as it lasts and never dead-lettered; a failure of the record itself is retried for
 * {@code staffchat.consumer.retry-max-elapsed}, then published to {@code <topic>.dlt} with the
 * reason in its headers; an undecodable record goes there at once. Batch listeners get the same
 * treatment record by record when they throw {@link FailedInBatch} (index of the failed record).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration"
        })
@ConditionalOnClass({KafkaTemplate.class, EventCodec.class})
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerAutoConfiguration {

    /** The consumer that failed: a handler's name, or the listener's group for a record no handler saw. */
    public static final String CONSUMER_HEADER = "staffchat_dlt-consumer";

    /** The failure that dead-lettered the record: the innermost exception's class and message. */
    public static final String REASON_HEADER = "staffchat_dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(ConsumerAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean(destroyMethod = "destroy")
    ThreadPoolTaskScheduler staffchatConsumerScheduler() {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("consumer-kit-");
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler staffchatConsumerErrorHandler(
            KafkaOperations<?, ?> template,
            ObjectProvider<ListenerContainerRegistry> registry,
            ThreadPoolTaskScheduler staffchatConsumerScheduler,
            ConsumerProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        recoverer.addHeadersFunction(ConsumerAutoConfiguration::reasonHeaders);
        var pausing = new PartitionPausingBackOff(
                new ListenerContainerPauseService(registry.getIfAvailable(), staffchatConsumerScheduler));
        var handler = new DefaultErrorHandler(recoverer, recordBackOff(properties), pausing);
        handler.setBackOffFunction((record, e) ->
                FailureClassifier.isDependencyOutage(e) ? outageBackOff(properties) : recordBackOff(properties));
        // an outage that turns into a record failure (or back) starts the right budget afresh
        handler.setResetStateOnExceptionChange(true);
        handler.addNotRetryableExceptions(EventDecodingException.class);
        handler.setRetryListeners(pausing, (record, e, attempt) -> {
            try (var trace = RecordTrace.inLogs(RecordTrace.traceId(record))) {
                log.warn(
                        "{} attempt {} failed on {}-{}@{}: {}",
                        FailureClassifier.isDependencyOutage(e) ? "Dependency outage," : "Record failure,",
                        attempt,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        innermost(e).toString());
            }
        });
        return handler;
    }

    static BackOff recordBackOff(ConsumerProperties properties) {
        var backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return backOff;
    }

    static BackOff outageBackOff(ConsumerProperties properties) {
        var backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        return backOff; // no elapsed limit: retried until the dependency is back
    }

    static Headers reasonHeaders(ConsumerRecord<?, ?> record, Exception failure) {
        String consumer = null;
        for (Throwable t = failure; t != null && consumer == null; t = t.getCause()) {
            if (t instanceof EventHandlingException handling) {
                consumer = handling.consumer();
            }
        }
        if (consumer == null) {
            consumer = KafkaUtils.getConsumerGroupId();
        }
        var headers = new RecordHeaders();
        headers.add(CONSUMER_HEADER, String.valueOf(consumer).getBytes(StandardCharsets.UTF_8));
        headers.add(REASON_HEADER, innermost(failure).toString().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static Throwable innermost(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The processed-events record, for services with a database (R2DBC). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DatabaseClient.class, TransactionalOperator.class})
    @ConditionalOnBean({DatabaseClient.class, ReactiveTransactionManager.class})
    static class ProcessedEventsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ProcessedEvents processedEvents(DatabaseClient db, ReactiveTransactionManager transactionManager) {
            return new ProcessedEvents(db, TransactionalOperator.create(transactionManager));
        }

        /** Deletes processed-event rows older than the retention, on the kit's scheduler (never an event loop). */
        @Bean
        Object processedEventsPrune(
                ProcessedEvents processedEvents,
                ThreadPoolTaskScheduler staffchatConsumerScheduler,
                ConsumerProperties properties) {
            var settings = properties.processedEvents();
            return staffchatConsumerScheduler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            if (!Boolean.TRUE.equals(
                                    processedEvents.tablePresent().block(settings.pruneInterval()))) {
                                return; // a service that has Kafka and R2DBC but consumes nothing (yet)
                            }
                            Long pruned = processedEvents
                                    .pruneBefore(Instant.now().minus(settings.retention()))
                                    .block(settings.pruneInterval());
                            log.info("Pruned {} processed-event rows older than {}", pruned, settings.retention());
                        } catch (RuntimeException e) {
                            log.warn("Could not prune processed events; next try in {}", settings.pruneInterval(), e);
                        }
                    },
                    Instant.now().plus(settings.pruneInterval()),
                    settings.pruneInterval());
        }
    }
}

package com.staffchat.support.consumer;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.DefaultBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;

/**
 * Backs off a failed record by pausing only its partition, so the consumer keeps polling and every
 * other partition keeps flowing while one waits. Spring Kafka's {@code ContainerPausingBackOffHandler}
 * pauses the whole container, and the default handler sleeps the consumer thread; both would hold up
 * every conversation behind one failing record. The error handler tells the retry listener which
 * record failed, then asks for the back-off, on the same consumer thread.
 */
final class PartitionPausingBackOff implements BackOffHandler, RetryListener {

    private final ThreadLocal<TopicPartition> failing = new ThreadLocal<>();
    private final ListenerContainerPauseService pauses;
    private final BackOffHandler fallback = new DefaultBackOffHandler();

    PartitionPausingBackOff(ListenerContainerPauseService pauses) {
        this.pauses = pauses;
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
        failing.set(new TopicPartition(record.topic(), record.partition()));
    }

    @Override
    public void onNextBackOff(
            @Nullable MessageListenerContainer container, @Nullable Exception exception, long nextBackOff) {
        TopicPartition partition = failing.get();
        failing.remove();
        if (container == null || partition == null) {
            fallback.onNextBackOff(container, exception, nextBackOff);
            return;
        }
        pauses.pausePartition(container, partition, Duration.ofMillis(nextBackOff));
    }

    @Override
    public void onNextBackOff(MessageListenerContainer container, TopicPartition partition, long nextBackOff) {
        pauses.pausePartition(container, partition, Duration.ofMillis(nextBackOff));
    }
}

package com.staffchat.message.staff;

import com.staffchat.events.Topics;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.TopicBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Rebuilds the Redis sets of deactivated people from the staff table at start and every minute,
 * so a Redis that lost its data (restart without persistence, flush) is right again within a
 * minute. Also declares the {@code staffchat.staff} topic the directory's events go to.
 */
@Configuration
class DeactivatedStaffSync implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeactivatedStaffSync.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private final StaffDirectory directory;
    private volatile Disposable running;

    DeactivatedStaffSync(StaffDirectory directory) {
        this.directory = directory;
    }

    @Bean
    NewTopic staffTopic() {
        return TopicBuilder.name(Topics.STAFF)
                .partitions(Topics.STAFF_PARTITIONS)
                .build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startRebuilding() {
        running = Flux.interval(Duration.ZERO, EVERY)
                .onBackpressureDrop()
                .concatMap(t -> directory
                        .rebuildDeactivated()
                        .doOnError(e ->
                                log.warn("Could not rebuild the deactivated-staff sets in Redis: {}", e.toString()))
                        .onErrorComplete())
                .subscribe();
    }

    /**
     * Stops rebuilding as soon as the context starts closing, before Redis and the mirror stop: a
     * rebuild caught half-way would otherwise wait on a stopped Redis while it holds the directory's
     * exclusive lock, which every instance's directory changes wait for (it is database-wide).
     */
    @EventListener(ContextClosedEvent.class)
    void stopRebuilding() {
        destroy();
    }

    @Override
    public void destroy() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
    }
}

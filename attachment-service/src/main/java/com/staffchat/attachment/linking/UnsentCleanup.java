package com.staffchat.attachment.linking;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Every {@code staffchat.attachments.cleanup-interval}, removes uploads that were never sent within
 * {@code staffchat.attachments.unsent-retention}: their files first, then the row marked deleted. Runs on a thread of
 * its own (never an event loop). Several instances may run it at once: each batch locks its rows and skips those
 * another instance holds.
 */
@Component
class UnsentCleanup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnsentCleanup.class);

    private final Linking linking;
    private final LinkingProperties properties;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private volatile ScheduledFuture<?> schedule;

    UnsentCleanup(Linking linking, LinkingProperties properties) {
        this.linking = linking;
        this.properties = properties;
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("unsent-cleanup-");
    }

    /** One clean-up now; how many uploads it removed. Failures are logged and left for the next run. */
    long runOnce() {
        try {
            // a run may take long (S3 deletes); it is bounded so a hung store cannot stop every later run
            Long removed = linking.removeUnsent(properties.unsentRetention(), properties.cleanupBatchSize())
                    .block(properties.cleanupInterval().plus(Duration.ofMinutes(1)));
            long count = removed == null ? 0 : removed;
            if (count > 0) {
                log.info("Removed {} uploads never sent within {}", count, properties.unsentRetention());
            }
            return count;
        } catch (RuntimeException e) {
            log.warn("Could not remove unsent uploads; next try in {}", properties.cleanupInterval(), e);
            return 0;
        }
    }

    @Override
    public void start() {
        scheduler.initialize();
        schedule = scheduler.scheduleWithFixedDelay(
                this::runOnce, Instant.now().plus(properties.cleanupInterval()), properties.cleanupInterval());
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        scheduler.shutdown();
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isCancelled();
    }
}

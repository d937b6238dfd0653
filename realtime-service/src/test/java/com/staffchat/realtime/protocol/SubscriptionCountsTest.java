package com.staffchat.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.protocol.PusherErrorFramesTest.RecordingOutbound;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@code pusher_internal:subscription_count} on every change up to the threshold, then at most every interval. */
class SubscriptionCountsTest {

    private static final App APP = new App("a", "k", "s");

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

    private final LocalChannelRegistry registry = new LocalChannelRegistry();

    private final SubscriptionCounts counts = new SubscriptionCounts(registry, 2, Duration.ofSeconds(5), time);

    private final RecordingOutbound watcher = new RecordingOutbound();

    @AfterEach
    void stop() {
        time.dispose();
    }

    @Test
    void everyChangeIsSentUpToTheThresholdThenAtMostOncePerIntervalWithTheLatestCount() {
        Connection first = join(watcher);
        counts.changed("a", "busy", 1).block();
        Connection second = join(new RecordingOutbound());
        counts.changed("a", "busy", 2).block();
        assertThat(watcher.frames).containsExactly(count(1), count(2));

        join(new RecordingOutbound());
        counts.changed("a", "busy", 3).block(); // above the threshold, but 5 s have not passed since the last count
        join(new RecordingOutbound());
        counts.changed("a", "busy", 4).block(); // the trailing count is already scheduled
        assertThat(watcher.frames).containsExactly(count(1), count(2));

        time.advanceTimeBy(Duration.ofMillis(4999));
        assertThat(watcher.frames).hasSize(2);
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(watcher.frames).containsExactly(count(1), count(2), count(4));

        time.advanceTimeBy(Duration.ofSeconds(6));
        registry.unsubscribe(second, ChannelName.of("busy"), null).block();
        counts.changed("a", "busy", 3).block(); // 5 s have passed: sent at once
        assertThat(watcher.frames).containsExactly(count(1), count(2), count(4), count(3));
        assertThat(first.socketId()).isNotEmpty();
    }

    private Connection join(RecordingOutbound outbound) {
        Connection connection = new Connection(SocketIds.next(), APP, outbound, 10);
        registry.subscribe(connection, ChannelName.of("busy"), null).block();
        return connection;
    }

    private static String count(int n) {
        return "{\"event\":\"pusher_internal:subscription_count\",\"channel\":\"busy\",\"data\":\"{\\\"subscription_count\\\":"
                + n + "}\"}";
    }
}

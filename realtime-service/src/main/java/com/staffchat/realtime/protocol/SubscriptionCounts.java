package com.staffchat.realtime.protocol;

import com.staffchat.realtime.protocol.ChannelRegistry.ChannelInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends {@code pusher_internal:subscription_count} to a non-presence channel's subscribers when its
 * count changes. Above a threshold (Pusher: 100 subscribers) a channel gets at most one count per
 * interval (Pusher: 5 s): a change inside the interval schedules one trailing count, read from the
 * registry when it is due, so the last change is never lost.
 */
final class SubscriptionCounts {

    private final ChannelRegistry registry;

    private final int throttleAbove;

    private final long intervalMillis;

    private final Scheduler scheduler;

    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();

    SubscriptionCounts(ChannelRegistry registry, int throttleAbove, Duration interval, Scheduler scheduler) {
        this.registry = registry;
        this.throttleAbove = throttleAbove;
        this.intervalMillis = interval.toMillis();
        this.scheduler = scheduler;
    }

    /** The channel now has {@code count} subscribers. */
    Mono<Void> changed(String appId, String channel, int count) {
        String key = appId + '\u0000' + channel;
        if (count <= 0) {
            throttles.remove(key);
            return Mono.empty();
        }
        Throttle throttle = throttles.computeIfAbsent(key, ignored -> new Throttle());
        long delay;
        synchronized (throttle) {
            long now = scheduler.now(TimeUnit.MILLISECONDS);
            long since = now - throttle.lastSentMillis;
            if (count <= throttleAbove || since >= intervalMillis) {
                throttle.lastSentMillis = now;
                delay = -1;
            } else if (throttle.trailing) {
                return Mono.empty();
            } else {
                throttle.trailing = true;
                delay = intervalMillis - since;
            }
        }
        if (delay < 0) {
            return publish(appId, channel, count);
        }
        Mono.delay(Duration.ofMillis(delay), scheduler)
                .then(Mono.defer(() -> {
                    synchronized (throttle) {
                        throttle.trailing = false;
                        throttle.lastSentMillis = scheduler.now(TimeUnit.MILLISECONDS);
                    }
                    return registry.channel(appId, channel);
                }))
                .filter(ChannelInfo::occupied)
                .flatMap(info -> publish(appId, channel, info.subscriptionCount()))
                .subscribe();
        return Mono.empty();
    }

    private Mono<Void> publish(String appId, String channel, int count) {
        return registry.publish(appId, channel, Frames.subscriptionCount(channel, count), null);
    }

    private static final class Throttle {

        private long lastSentMillis = Long.MIN_VALUE / 2;

        private boolean trailing;
    }
}

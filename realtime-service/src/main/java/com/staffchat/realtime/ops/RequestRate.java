package com.staffchat.realtime.ops;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate of {@code perSecond} requests with a burst of one second's worth, as the generic cell rate
 * algorithm: one atomic "theoretical arrival time", no locks, no timer.
 */
final class RequestRate {

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int perSecond;

    private final long intervalNanos;

    private final AtomicLong theoreticalArrival;

    RequestRate(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.intervalNanos = Math.max(1, SECOND_NANOS / perSecond);
        this.theoreticalArrival = new AtomicLong(nowNanos - SECOND_NANOS);
    }

    int perSecond() {
        return perSecond;
    }

    /** Whether the next request would be refused now, without taking a place. */
    boolean exhausted(long nowNanos) {
        return Math.max(theoreticalArrival.get(), nowNanos - SECOND_NANOS) + intervalNanos - nowNanos > 0;
    }

    /** Takes one request's place if the rate allows it. */
    Decision tryAcquire(long nowNanos) {
        while (true) {
            long arrival = theoreticalArrival.get();
            long next = Math.max(arrival, nowNanos - SECOND_NANOS) + intervalNanos;
            long ahead = next - nowNanos;
            if (ahead > 0) {
                return new Decision(false, 0, ahead);
            }
            if (theoreticalArrival.compareAndSet(arrival, next)) {
                return new Decision(true, (int) Math.min(perSecond, -ahead / intervalNanos), 0);
            }
        }
    }

    /**
     * @param allowed whether the request may go ahead
     * @param remaining requests still allowed right now
     * @param retryAfterNanos when refused, how long until one is allowed
     */
    record Decision(boolean allowed, int remaining, long retryAfterNanos) {}
}

package com.staffchat.realtime.ops;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Carries the arrival time of an HTTP API request to the frames its publish queues, for the
 * delivery-latency histogram. The in-memory registry delivers synchronously while the publish is
 * subscribed, so a thread-local stamp set around that subscription reaches every
 * {@code Outbound.send} it causes. A registry that delivers on other threads (through Redis) sends
 * unstamped frames, which are simply not timed.
 */
public final class DeliveryTiming {

    /** No stamp: {@link System#nanoTime()} may be negative or zero, so neither can mean "none". */
    public static final long NONE = Long.MIN_VALUE;

    private static final ThreadLocal<long[]> STAMP = ThreadLocal.withInitial(() -> new long[] {NONE});

    private DeliveryTiming() {}

    /** {@code publish}, with frames queued while it is subscribed stamped with {@code acceptedAtNanos}. */
    public static <T> Mono<T> stamped(long acceptedAtNanos, Mono<T> publish) {
        return new Stamped<>(acceptedAtNanos, publish);
    }

    /** The {@link System#nanoTime()} at which the request being delivered arrived, or {@link #NONE} outside a stamped publish. */
    public static long currentStamp() {
        return STAMP.get()[0];
    }

    private static final class Stamped<T> extends Mono<T> {

        private final long acceptedAtNanos;

        private final Mono<T> source;

        Stamped(long acceptedAtNanos, Mono<T> source) {
            this.acceptedAtNanos = acceptedAtNanos;
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            long[] stamp = STAMP.get();
            long previous = stamp[0];
            stamp[0] = acceptedAtNanos;
            try {
                source.subscribe(actual);
            } finally {
                stamp[0] = previous;
            }
        }
    }
}

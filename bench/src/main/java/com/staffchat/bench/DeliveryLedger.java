package com.staffchat.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Every message the benchmark sends, by its client id: when it was due (the open loop's intended
 * time), how the send ended, and how often the conversation's subscriber received its
 * {@code new-message}. From it: send and POST-to-{@code new-message} latency from the intended
 * time, errors by status or exception, lost messages (acknowledged with a 2xx, never delivered)
 * and duplicates (delivered twice to the one subscriber of its conversation). Safe to use from the
 * HTTP client's and the WebSocket listeners' threads at once.
 */
final class DeliveryLedger {

    /** One sent message. Guarded by itself. */
    static final class Entry {
        final int step;
        final long dueNanos;
        long answeredNanos = -1;
        String outcome; // "201", "429", "HttpTimeoutException", ...
        boolean acknowledged;
        int deliveries;
        long firstDeliveryNanos = -1;

        Entry(int step, long dueNanos) {
            this.step = step;
            this.dueNanos = dueNanos;
        }
    }

    /** What a step's messages came to. {@code unknownDeliveries} counts frames of no message of this run. */
    record Summary(
            long sent,
            long acknowledged,
            long acknowledgedBy,
            Latency send,
            Map<String, Long> errors,
            long delivered,
            long lost,
            long duplicated,
            Latency newMessage) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> undelivered = new ConcurrentHashMap<>();
    private final AtomicLong unknownDeliveries = new AtomicLong();

    /** Registers a message due at {@code dueNanos} in {@code step}. */
    void sent(String clientId, int step, long dueNanos) {
        entries.put(clientId, new Entry(step, dueNanos));
    }

    /** The send's answer: an HTTP status, or the exception's simple name when there was none. */
    void answered(String clientId, String outcome, boolean acknowledged, long nowNanos) {
        Entry e = entries.get(clientId);
        if (e == null) {
            return;
        }
        synchronized (e) {
            e.answeredNanos = nowNanos;
            e.outcome = outcome;
            e.acknowledged = acknowledged;
            if (acknowledged && e.deliveries == 0) {
                pending(e.step).incrementAndGet();
            }
        }
    }

    /** A subscriber received the message's {@code new-message}. */
    void delivered(String clientId, long nowNanos) {
        Entry e = clientId == null ? null : entries.get(clientId);
        if (e == null) {
            unknownDeliveries.incrementAndGet();
            return;
        }
        synchronized (e) {
            e.deliveries++;
            if (e.deliveries == 1) {
                e.firstDeliveryNanos = nowNanos;
                if (e.acknowledged) {
                    pending(e.step).decrementAndGet();
                }
            }
        }
    }

    /** Messages of {@code step} acknowledged and not delivered yet. */
    long undelivered(int step) {
        return pending(step).get();
    }

    /** Messages of every step acknowledged and not delivered yet. */
    long undelivered() {
        return undelivered.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long unknownDeliveries() {
        return unknownDeliveries.get();
    }

    private AtomicLong pending(int step) {
        return undelivered.computeIfAbsent(step, s -> new AtomicLong());
    }

    /**
     * {@code step}'s figures now. {@code acknowledgedBy} counts the 2xx answered by
     * {@code endNanos} (the step's end: the achieved rate); lost is acknowledged and not delivered
     * yet, so call it after the drain window.
     */
    Summary summary(int step, long endNanos) {
        Histogram send = Latency.histogram();
        Histogram newMessage = Latency.histogram();
        Map<String, Long> errors = new TreeMap<>();
        long sent = 0;
        long acknowledged = 0;
        long acknowledgedBy = 0;
        long delivered = 0;
        long lost = 0;
        long duplicated = 0;
        for (Entry e : entries.values()) {
            if (e.step != step) {
                continue;
            }
            synchronized (e) {
                sent++;
                if (e.outcome == null) {
                    errors.merge("no answer yet", 1L, Long::sum);
                } else {
                    record(send, e.answeredNanos - e.dueNanos);
                    if (!e.acknowledged) {
                        errors.merge(e.outcome, 1L, Long::sum);
                    }
                }
                if (e.acknowledged) {
                    acknowledged++;
                    if (e.answeredNanos <= endNanos) {
                        acknowledgedBy++;
                    }
                    if (e.deliveries == 0) {
                        lost++;
                    }
                }
                if (e.deliveries > 0) {
                    delivered++;
                    record(newMessage, e.firstDeliveryNanos - e.dueNanos);
                }
                if (e.deliveries > 1) {
                    duplicated += e.deliveries - 1;
                }
            }
        }
        return new Summary(
                sent,
                acknowledged,
                acknowledgedBy,
                Latency.of(send),
                errors,
                delivered,
                lost,
                duplicated,
                Latency.of(newMessage));
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(h.getLowestDiscernibleValue(), Math.min(nanos, h.getHighestTrackableValue())));
    }
}

package com.staffchat.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** A latency distribution in milliseconds, read off an HdrHistogram that recorded nanoseconds. */
record Latency(long count, double p50, double p99, double p999, double max) {

    /** A histogram for nanosecond values from 1 µs to 1 minute, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(1), 3);
    }

    static Latency of(Histogram nanos) {
        return new Latency(
                nanos.getTotalCount(),
                millis(nanos.getValueAtPercentile(50)),
                millis(nanos.getValueAtPercentile(99)),
                millis(nanos.getValueAtPercentile(99.9)),
                millis(nanos.getMaxValue()));
    }

    /** This JVM's CPU time so far in nanoseconds (all threads), or -1 where the JVM does not say. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The share of one core this JVM used between two readings, in percent (-1 when unknown). */
    static double cpuPercent(long cpuBefore, long cpuAfter, long wallNanos) {
        if (cpuBefore < 0 || cpuAfter < 0 || wallNanos <= 0) {
            return -1;
        }
        return Math.round((cpuAfter - cpuBefore) * 1000.0 / wallNanos) / 10.0;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}

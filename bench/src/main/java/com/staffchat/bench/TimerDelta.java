package com.staffchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Micrometer timer recorded between two scrapes, per value of one tag: how many, their
 * mean (from {@code _sum} and {@code _count}) and, when the timer publishes {@code _bucket} lines,
 * a p99 estimated from the buckets the way Prometheus' {@code histogram_quantile} does (linear
 * within the bucket). Other tags are summed over.
 *
 * @param timer the timer's base name, e.g. {@code staffchat_pipeline_hop_seconds}
 * @param tag the tag's value, e.g. the hop {@code send.commit}; empty when the timer is not split
 * @param count recordings between the scrapes
 * @param meanMillis their mean in milliseconds (NaN when none)
 * @param p99Millis the p99 estimate in milliseconds, NaN without buckets; with
 * {@code p99AboveLastBucket} the lower bound (the last finite bucket)
 */
record TimerDelta(
        String timer, String tag, long count, double meanMillis, double p99Millis, boolean p99AboveLastBucket) {

    /** Every value of {@code tagName} that {@code timer} has in {@code after} (no list of hops kept here). */
    static List<TimerDelta> between(PrometheusScrape before, PrometheusScrape after, String timer, String tagName) {
        Map<String, double[]> counts = summed(before, after, timer + "_count", tagName);
        Map<String, double[]> sums = summed(before, after, timer + "_sum", tagName);
        List<TimerDelta> out = new ArrayList<>();
        for (var e : counts.entrySet()) {
            String tag = e.getKey();
            long count = Math.round(e.getValue()[1] - e.getValue()[0]);
            double[] sum = sums.getOrDefault(tag, new double[2]);
            double mean = count > 0 ? (sum[1] - sum[0]) * 1000 / count : Double.NaN;
            double[] p99 = p99(before, after, timer + "_bucket", tagName, tag, count);
            out.add(new TimerDelta(timer, tag, count, mean, p99[0], p99[1] > 0));
        }
        return out;
    }

    /** Per tag value: {before, after}, summed over the other tags. */
    private static Map<String, double[]> summed(
            PrometheusScrape before, PrometheusScrape after, String name, String tagName) {
        Map<String, double[]> out = new TreeMap<>();
        for (var s : after.named(name)) {
            out.computeIfAbsent(tagOf(s, tagName), k -> new double[2])[1] += s.value();
        }
        for (var s : before.named(name)) {
            double[] v = out.get(tagOf(s, tagName));
            if (v != null) {
                v[0] += s.value();
            }
        }
        return out;
    }

    private static String tagOf(PrometheusScrape.Sample s, String tagName) {
        return tagName == null ? "" : s.labels().getOrDefault(tagName, "");
    }

    /** {p99 in ms or NaN, 1 if above the last finite bucket}. */
    private static double[] p99(
            PrometheusScrape before,
            PrometheusScrape after,
            String bucketName,
            String tagName,
            String tag,
            long count) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (var s : after.named(bucketName)) {
            if (tagOf(s, tagName).equals(tag) && s.labels().containsKey("le")) {
                cumulative.merge(PrometheusScrape.number(s.labels().get("le")), s.value(), Double::sum);
            }
        }
        for (var s : before.named(bucketName)) {
            if (tagOf(s, tagName).equals(tag) && s.labels().containsKey("le")) {
                cumulative.computeIfPresent(PrometheusScrape.number(s.labels().get("le")), (le, v) -> v - s.value());
            }
        }
        if (cumulative.isEmpty() || count <= 0) {
            return new double[] {Double.NaN, 0};
        }
        double target = 0.99 * count;
        double lowerBound = 0;
        double lowerCount = 0;
        for (var b : cumulative.entrySet()) {
            double upper = b.getKey();
            double c = b.getValue();
            if (c >= target) {
                if (Double.isInfinite(upper)) {
                    return new double[] {lowerBound * 1000, 1};
                }
                double within = c - lowerCount <= 0 ? 1 : (target - lowerCount) / (c - lowerCount);
                return new double[] {(lowerBound + (upper - lowerBound) * within) * 1000, 0};
            }
            lowerBound = upper;
            lowerCount = c;
        }
        return new double[] {lowerBound * 1000, 1};
    }
}

package com.staffchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 15's targets for one step of the system run, and the rule that stops stepping up.
 *
 * @param holds the step holds the targets: it achieved at least 95 % of the asked rate with at
 * most 0.1 % of the sends refused or failed, send p99 at most 50 ms, POST-to-{@code new-message}
 * p99 at most 150 ms, nothing lost, nothing duplicated
 * @param clearlyFails stepping higher is pointless: achieved below 80 % of asked, or send p99 over 2 s
 * @param reasons why it does not hold (empty when it holds)
 */
record StepVerdict(boolean holds, boolean clearlyFails, List<String> reasons) {

    static final double SEND_P99_MS = 50;
    static final double NEW_MESSAGE_P99_MS = 150;
    static final double STOP_BELOW_SHARE = 0.80;
    static final double STOP_SEND_P99_MS = 2_000;

    static StepVerdict of(
            double askedRate,
            double achievedRate,
            long sent,
            Map<String, Long> errors,
            double sendP99,
            double newMessageP99,
            long lost,
            long duplicated) {
        List<String> reasons = new ArrayList<>();
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        if (achievedRate < 0.95 * askedRate) {
            reasons.add(String.format(java.util.Locale.ROOT, "achieved %.0f of %.0f/s", achievedRate, askedRate));
        }
        if (sent > 0 && failed > 0.001 * sent) {
            reasons.add(failed + " sends failed");
        }
        if (sendP99 > SEND_P99_MS) {
            reasons.add("send p99 " + BenchReport.format(sendP99) + " ms > " + (int) SEND_P99_MS);
        }
        if (newMessageP99 > NEW_MESSAGE_P99_MS) {
            reasons.add("new-message p99 " + BenchReport.format(newMessageP99) + " ms > " + (int) NEW_MESSAGE_P99_MS);
        }
        if (lost > 0) {
            reasons.add(lost + " lost");
        }
        if (duplicated > 0) {
            reasons.add(duplicated + " duplicated");
        }
        boolean clearlyFails = achievedRate < STOP_BELOW_SHARE * askedRate || sendP99 > STOP_SEND_P99_MS;
        return new StepVerdict(reasons.isEmpty(), clearlyFails, List.copyOf(reasons));
    }

    String text() {
        if (holds) {
            return "holds";
        }
        return (clearlyFails ? "fails clearly: " : "misses: ") + String.join(", ", reasons);
    }
}

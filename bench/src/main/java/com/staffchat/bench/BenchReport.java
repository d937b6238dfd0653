package com.staffchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's figures, written as {@code bench.json}, {@code bench.md} and (with the system steps)
 * {@code latency.svg} into the run's folder. A part that was not run is null.
 */
record BenchReport(
        String startedAt,
        Machine machine,
        PostgresSendBench.Result postgres,
        KafkaRoundTripBench.Result kafka,
        SystemBench.Result system,
        ReadsBench.Result reads) {

    /** Where the run happened: processors the JVM sees, total memory, the JVM, /proc/loadavg before the run. */
    record Machine(int processors, long memoryMegabytes, String os, String java, String loadAverage) {}

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    String json() {
        return JSON.writeValueAsString(this);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run ")
                .append(startedAt)
                .append(" on ")
                .append(machine.processors())
                .append(" processors, ")
                .append(machine.memoryMegabytes())
                .append(" MB, ")
                .append(machine.os())
                .append(", Java ")
                .append(machine.java())
                .append(", load average before the run ")
                .append(machine.loadAverage())
                .append(".\n\n");
        if (postgres != null || kafka != null) {
            md.append("| Measure | Setting | Rate | p50 ms | p99 ms | p99.9 ms | max ms | bench JVM CPU |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        }
        if (postgres != null) {
            row(
                    md,
                    "PostgreSQL " + postgres.postgresVersion() + " send transaction (message + outbox, commit)",
                    postgres.connections() + " connections, closed loop, " + postgres.conversations()
                            + " conversations, " + postgres.seconds() + " s, " + postgres.failures() + " failed",
                    format(postgres.transactionsPerSecond()) + " tx/s",
                    postgres.latency(),
                    postgres.generatorCpuPercent());
        }
        if (kafka != null) {
            row(
                    md,
                    "Kafka produce-to-consume round trip (" + kafka.broker() + ")",
                    "acks=all, idempotent, open loop, " + kafka.rate() + "/s for " + kafka.seconds() + " s",
                    format(kafka.achievedRate()) + " records/s",
                    kafka.latency(),
                    kafka.generatorCpuPercent());
        }
        if (system != null) {
            SystemReport.markdown(md, system, postgres == null ? null : postgres.transactionsPerSecond());
        }
        if (reads != null) {
            readsMarkdown(md, reads);
        }
        return md.toString();
    }

    /** Issue 17's reads: one row per request kind, against its target. */
    static void readsMarkdown(StringBuilder md, ReadsBench.Result reads) {
        md.append("\nReads at scale (hotel ")
                .append(reads.hotel())
                .append(": ")
                .append(reads.callers())
                .append(" callers, each in ")
                .append(reads.conversationsPerCaller())
                .append(" groups; ")
                .append(String.format(Locale.ROOT, "%,d", reads.messages()))
                .append(" messages; one request at a time through the gateway):\n\n")
                .append("| Request | Answer | Requests | p50 ms | p99 ms | max ms | Target p99 ms | Met |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (ReadsBench.Measure m : reads.measures()) {
            md.append("| ")
                    .append(m.request())
                    .append(" | ")
                    .append(m.answered())
                    .append(" | ")
                    .append(m.latency().count())
                    .append(" | ")
                    .append(format(m.latency().p50()))
                    .append(" | ")
                    .append(format(m.latency().p99()))
                    .append(" | ")
                    .append(format(m.latency().max()))
                    .append(" | ")
                    .append(format(m.targetP99Millis()))
                    .append(" | ")
                    .append(m.met() ? "yes" : "no")
                    .append(" |\n");
        }
    }

    private static void row(
            StringBuilder md, String measure, String setting, String rate, Latency l, double generatorCpuPercent) {
        md.append("| ")
                .append(measure)
                .append(" | ")
                .append(setting)
                .append(" | ")
                .append(rate)
                .append(" | ")
                .append(format(l.p50()))
                .append(" | ")
                .append(format(l.p99()))
                .append(" | ")
                .append(format(l.p999()))
                .append(" | ")
                .append(format(l.max()))
                .append(" | ")
                .append(generatorCpuPercent < 0 ? "?" : format(generatorCpuPercent) + " % of a core")
                .append(" |\n");
    }

    static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Writes bench.json, bench.md and, with the system steps, latency.svg into {@code dir} (created if missing). */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench.json"), json() + "\n");
        Files.writeString(dir.resolve("bench.md"), markdown());
        if (system != null) {
            SystemReport.plot(dir.resolve("latency.svg"), system);
        }
    }
}

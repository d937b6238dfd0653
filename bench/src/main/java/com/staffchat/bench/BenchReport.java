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
        ReadsBench.Result reads,
        AttachmentBench.Result attachments) {

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
        if (attachments != null) {
            attachmentsMarkdown(md, attachments);
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

    /** Issue 19's files: throughput per phase, memory during the large uploads, thumbnail readiness. */
    static void attachmentsMarkdown(StringBuilder md, AttachmentBench.Result r) {
        md.append("\nAttachments through the gateway (hotel ")
                .append(r.hotel())
                .append(", one group, ")
                .append(r.uploaders())
                .append(" uploaders in turn; MB = 1,048,576 bytes; small file: ")
                .append(r.smallFile())
                .append(", ")
                .append(String.format(Locale.ROOT, "%,d", r.smallBytes()))
                .append(" bytes; large file: ")
                .append(r.largeFile())
                .append(", ")
                .append(String.format(Locale.ROOT, "%,d", r.largeBytes()))
                .append(" bytes):\n\n")
                .append("| Uploads | At once | Done | Seconds | MB/s | Uploads/s | p50 ms | p99 ms | max ms | Errors"
                        + " | CPU % of a core: gateway, attachment-service, s3proxy, message-service, bench JVM |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (AttachmentBench.Phase p : r.phases()) {
            md.append("| ")
                    .append(p.name())
                    .append(" | ")
                    .append(p.concurrency())
                    .append(" | ")
                    .append(p.uploaded())
                    .append(" | ")
                    .append(format(p.seconds()))
                    .append(" | ")
                    .append(format(p.megabytesPerSecond()))
                    .append(" | ")
                    .append(format(p.uploadsPerSecond()))
                    .append(" | ")
                    .append(format(p.latency().p50()))
                    .append(" | ")
                    .append(format(p.latency().p99()))
                    .append(" | ")
                    .append(format(p.latency().max()))
                    .append(" | ")
                    .append(p.errors().isEmpty() ? "none" : new java.util.TreeMap<>(p.errors()).toString())
                    .append(" | ")
                    .append(cpu(p.processes(), "gateway"))
                    .append(", ")
                    .append(cpu(p.processes(), "attachment-service"))
                    .append(", ")
                    .append(cpu(p.processes(), "s3proxy"))
                    .append(", ")
                    .append(cpu(p.processes(), "message-service"))
                    .append(", ")
                    .append(p.generatorCpuPercent() < 0 ? "?" : format(p.generatorCpuPercent()))
                    .append(" |\n");
        }
        md.append("\nResident memory during the large uploads (MB; aim: each service grows less than ")
                .append(format(r.memoryAimMb()))
                .append(" MB):\n\n")
                .append(
                        "| Process | VmRSS before | Highest VmRSS sampled | Growth | VmHWM after | VmHWM growth | Under the aim |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (AttachmentBench.Memory m : r.largeUploadMemory()) {
            md.append("| ")
                    .append(m.process())
                    .append(" | ")
                    .append(format(m.baselineRssKb() / 1024.0))
                    .append(" | ")
                    .append(format(m.peakSampledRssKb() / 1024.0))
                    .append(" | ")
                    .append(format(m.sampledGrowthMb()))
                    .append(" | ")
                    .append(format(m.hwmAfterKb() / 1024.0))
                    .append(" | ")
                    .append(format(m.hwmGrowthMb()))
                    .append(m.hwmReset() ? "" : " (not reset: over the earlier peak)")
                    .append(" | ")
                    .append(
                            AttachmentBench.SERVICES.contains(m.process())
                                    ? (m.growthMb() < r.memoryAimMb() ? "yes" : "no")
                                    : "(not judged)")
                    .append(" |\n");
        }
        md.append("\nThe services' JVM memory by their own metrics (MB, before / highest while uploading):"
                + " heap in use, heap committed, direct buffers:\n\n");
        for (AttachmentBench.Memory m : r.largeUploadMemory()) {
            if (m.jvm() != null) {
                var j = m.jvm();
                md.append("- ")
                        .append(m.process())
                        .append(": heap in use ")
                        .append(format(j.heapUsedBeforeMb()))
                        .append(" / ")
                        .append(format(j.heapUsedPeakMb()))
                        .append(", committed ")
                        .append(format(j.heapCommittedBeforeMb()))
                        .append(" / ")
                        .append(format(j.heapCommittedPeakMb()))
                        .append(", direct ")
                        .append(format(j.directBeforeMb()))
                        .append(" / ")
                        .append(format(j.directPeakMb()))
                        .append('\n');
            }
        }
        md.append("\nStreaming shown: ")
                .append(
                        r.streamingShown() == null
                                ? "not measured (no pid files of the services)"
                                : r.streamingShown() ? "yes" : "no")
                .append(".\n\n")
                .append(
                        "| Upload to thumbnail ready | Uploads | Announced | Answer to attachment-updated p50 / p99 / max ms"
                                + " | Service timer: count, mean ms | Service timer window p50 / p99 ms"
                                + " | Service's thumbnail outcomes |\n")
                .append("|---|---:|---:|---|---|---|---|\n");
        for (AttachmentBench.ThumbnailReady t : java.util.List.of(r.thumbnailsPaced(), r.thumbnailsUnderLoad())) {
            md.append("| ")
                    .append(t.name())
                    .append(" | ")
                    .append(t.uploads())
                    .append(" | ")
                    .append(t.announced())
                    .append(" | ")
                    .append(format(t.answerToAnnounced().p50()))
                    .append(" / ")
                    .append(format(t.answerToAnnounced().p99()))
                    .append(" / ")
                    .append(format(t.answerToAnnounced().max()))
                    .append(" | ")
                    .append(t.timerCount())
                    .append(", ")
                    .append(format(t.timerMeanMillis()))
                    .append(" | ")
                    .append(format(t.serviceWindowP50Millis()))
                    .append(" / ")
                    .append(format(t.serviceWindowP99Millis()))
                    .append(" | ")
                    .append(
                            t.serviceOutcomes().isEmpty()
                                    ? "none"
                                    : t.serviceOutcomes().toString())
                    .append(" |\n");
        }
        md.append("\nUploads removed at the end: ")
                .append(r.removed())
                .append(r.removeFailures() == 0 ? "" : " (" + r.removeFailures() + " could not be)")
                .append(".\n");
        for (String note : r.notes()) {
            md.append("- ").append(note).append('\n');
        }
    }

    private static String cpu(java.util.List<ProcessUsage.Load> loads, String name) {
        return loads.stream()
                .filter(l -> l.name().equals(name) && l.cpuPercent() >= 0)
                .map(l -> format(l.cpuPercent()))
                .findFirst()
                .orElse("?");
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
        if (Double.isNaN(value)) {
            return "?";
        }
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

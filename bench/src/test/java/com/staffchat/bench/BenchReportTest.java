package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchReportTest {

    /** 1..1000 ms, one value each: p50 is 500 ms, p99 990 ms, p99.9 999 ms, max 1000 ms (to 3 digits). */
    private static Latency oneToAThousandMillis() {
        Histogram h = Latency.histogram();
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        return Latency.of(h);
    }

    @Test
    void percentilesAreReadInMillisecondsFromTheNanosecondHistogram() {
        Latency l = oneToAThousandMillis();

        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50()).isCloseTo(500, org.assertj.core.data.Offset.offset(0.5));
        assertThat(l.p99()).isCloseTo(990, org.assertj.core.data.Offset.offset(1.0));
        assertThat(l.p999()).isCloseTo(999, org.assertj.core.data.Offset.offset(1.0));
        assertThat(l.max()).isCloseTo(1000, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void theRunIsWrittenAsJsonAndAMarkdownTable(@TempDir Path dir) throws Exception {
        Latency l = oneToAThousandMillis();
        BenchReport report = new BenchReport(
                "2026-11-29T18:00:00Z",
                new BenchReport.Machine(2, 24105, "Linux amd64", "17.0.1", "0.50 0.40 0.30"),
                new PostgresSendBench.Result("15.20", 10, 100, 20, 60_000, 0, 3000.0, l, 55.5),
                new KafkaRoundTripBench.Result(
                        "embedded", "127.0.0.1:19092", 1000, 20, 20_000, 20_000, 1000.0, l, 7.25),
                null,
                null,
                null);

        report.write(dir);

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("bench.json")));
        assertThat(json.path("machine").path("processors").asInt()).isEqualTo(2);
        assertThat(json.path("postgres").path("transactionsPerSecond").asDouble())
                .isEqualTo(3000.0);
        assertThat(json.path("postgres").path("latency").path("p99").asDouble()).isEqualTo(l.p99());
        assertThat(json.path("kafka").path("broker").asString()).isEqualTo("embedded");
        assertThat(json.path("kafka").path("latency").path("p999").asDouble()).isEqualTo(l.p999());

        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md).contains("| Measure | Setting | Rate | p50 ms | p99 ms | p99.9 ms | max ms | bench JVM CPU |");
        assertThat(md)
                .contains(
                        "| PostgreSQL 15.20 send transaction (message + outbox, commit) | 10 connections, closed loop,")
                .contains(
                        "| 3,000 tx/s | " + BenchReport.format(l.p50()) + " | " + BenchReport.format(l.p99()) + " | ");
        assertThat(md)
                .contains("| Kafka produce-to-consume round trip (embedded) | acks=all, idempotent, open loop, 1000/s");
    }

    @Test
    void theReadsAreRowsAgainstTheirTargets(@TempDir Path dir) throws Exception {
        Latency slow = oneToAThousandMillis();
        Histogram fast = Latency.histogram();
        for (int i = 0; i < 100; i++) {
            fast.recordValue(TimeUnit.MILLISECONDS.toNanos(12));
        }
        ReadsBench.Result reads = new ReadsBench.Result(
                "bench-reads",
                20,
                1000,
                1_000_000,
                0.4,
                false,
                java.util.List.of(
                        new ReadsBench.Measure(
                                "conversation list",
                                "GET /api/v1/conversations (first page)",
                                Latency.of(fast),
                                50,
                                "50 conversations"),
                        new ReadsBench.Measure(
                                "search, common word", "GET /api/v1/search?q=towels", slow, 100, "20 results")));

        new BenchReport(
                        "2026-11-30T02:00:00Z",
                        new BenchReport.Machine(2, 24105, "Linux amd64", "17.0.1", "0.50 0.40 0.30"),
                        null,
                        null,
                        null,
                        reads,
                        null)
                .write(dir);

        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md).contains("20 callers, each in 1000 groups; 1,000,000 messages");
        assertThat(md)
                .contains(
                        "| GET /api/v1/conversations (first page) | 50 conversations | 100 | 12.00 | 12.00 | 12.00 | 50.00 | yes |");
        assertThat(md).contains("| GET /api/v1/search?q=towels | 20 results | 1000 | 500 | 990 | 1,000 | 100 | no |");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("bench.json")));
        assertThat(json.path("reads")
                        .path("measures")
                        .get(1)
                        .path("latency")
                        .path("p99")
                        .asDouble())
                .isEqualTo(slow.p99());
    }
}

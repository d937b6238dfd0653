package com.staffchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * {@code ./chat bench}: measures this machine's limits (step 1 of issue 15) in one run and writes
 * {@code bench.json} and {@code bench.md} into {@code --out}/&lt;timestamp&gt;. Everything stays on
 * loopback; the run ends by itself.
 */
public final class BenchMain {

    static final String USAGE = "BenchMain [--jdbc-url jdbc:postgresql://127.0.0.1:5432/postgres] [--pg-user postgres]"
            + " [--pg-password ''] [--migrations message-service/src/main/resources/db/migration] [--connections 10]"
            + " [--conversations 100] [--pg-warmup 5] [--pg-seconds 20] [--kafka 127.0.0.1:9092]"
            + " [--kafka-broker 'the broker of ./chat up'] [--kafka-rate 1000] [--kafka-warmup 5]"
            + " [--kafka-seconds 20] [--out .run/bench]";

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Args a;
        try {
            a = Args.parse(
                    args,
                    Map.ofEntries(
                            Map.entry("--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                            Map.entry("--pg-user", "postgres"),
                            Map.entry("--pg-password", ""),
                            Map.entry("--migrations", "message-service/src/main/resources/db/migration"),
                            // message-service's R2DBC pool: spring.r2dbc.pool's default, 10 connections
                            Map.entry("--connections", "10"),
                            Map.entry("--conversations", "100"),
                            Map.entry("--pg-warmup", "5"),
                            Map.entry("--pg-seconds", "20"),
                            Map.entry("--kafka", "127.0.0.1:9092"),
                            Map.entry("--kafka-broker", "the broker of ./chat up"),
                            Map.entry("--kafka-rate", "1000"),
                            Map.entry("--kafka-warmup", "5"),
                            Map.entry("--kafka-seconds", "20"),
                            Map.entry("--out", ".run/bench")),
                    USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(started);
        requireLoopback(a.text("--kafka"));
        BenchReport.Machine machine = machine();

        PostgresSendBench.Result postgres = new PostgresSendBench(new PostgresSendBench.Settings(
                        a.text("--jdbc-url"),
                        a.text("--pg-user"),
                        a.text("--pg-password"),
                        Path.of(a.text("--migrations")),
                        a.positive("--connections"),
                        a.positive("--conversations"),
                        a.positive("--pg-warmup"),
                        a.positive("--pg-seconds")))
                .run();
        System.out.printf(
                "  %.1f transactions/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d failed%n",
                postgres.transactionsPerSecond(),
                postgres.latency().p50(),
                postgres.latency().p99(),
                postgres.latency().p999(),
                postgres.failures());
        KafkaRoundTripBench.Result kafka = new KafkaRoundTripBench(new KafkaRoundTripBench.Settings(
                        a.text("--kafka"),
                        a.text("--kafka-broker"),
                        a.positive("--kafka-rate"),
                        a.positive("--kafka-warmup"),
                        a.positive("--kafka-seconds")))
                .run();

        BenchReport report = new BenchReport(started.toString(), machine, postgres, kafka);
        Path dir = Path.of(a.text("--out"), stamp);
        report.write(dir);
        System.out.println();
        System.out.print(report.markdown());
        System.out.println();
        System.out.println("Written: " + dir.resolve("bench.json") + " and " + dir.resolve("bench.md"));
    }

    /** The benchmark never leaves this machine. */
    private static void requireLoopback(String bootstrap) throws IOException {
        for (String server : bootstrap.split(",")) {
            String host = server.substring(0, server.lastIndexOf(':'));
            if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
                throw new IllegalArgumentException("--kafka must be on loopback (127.0.0.1), not " + server);
            }
            try (Socket probe = new Socket()) {
                probe.connect(
                        new InetSocketAddress(host, Integer.parseInt(server.substring(server.lastIndexOf(':') + 1))),
                        2_000);
            } catch (IOException e) {
                throw new IOException(
                        "no Kafka broker answers on " + server + " (./chat up --infra-only starts one)", e);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static BenchReport.Machine machine() {
        long memoryMb = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryMb = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the memory stays unknown (-1)
        }
        return new BenchReport.Machine(
                Runtime.getRuntime().availableProcessors(),
                memoryMb,
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"),
                loadAverage());
    }
}

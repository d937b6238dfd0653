package com.staffchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./chat bench}: measures this machine's limits (step 1 of issue 15) in one run and writes
 * {@code bench.json} and {@code bench.md} into {@code --out}/&lt;timestamp&gt;. Everything stays on
 * loopback; the run ends by itself.
 */
public final class BenchMain {

    static final String USAGE = "BenchMain [--jdbc-url jdbc:postgresql://127.0.0.1:5432/postgres] [--pg-user postgres]"
            + " [--pg-password ''] [--migrations message-service/src/main/resources/db/migration] [--connections 8]"
            + " [--conversations 100] [--pg-warmup 5] [--pg-seconds 20] [--kafka 127.0.0.1:9092]"
            + " [--kafka-broker 'the broker of ./chat up'] [--kafka-rate 1000] [--kafka-warmup 5]"
            + " [--kafka-seconds 20] [--out .run/bench] [--steps limits,system] [--gateway http://127.0.0.1:8080]"
            + " [--realtime ws://127.0.0.1:6001/app/staffchat-key?protocol=7] [--run-dir .run] [--hotel bench-<time>]"
            + " [--staff 600] [--system-conversations 200] [--rates 100,250,500,1000,2000,4000] [--system-seconds 60]"
            + " [--system-warmup 180] [--idle-rate 5] [--idle-seconds 20] [--drain 10] [--settle 60] [--busy-rate 500]"
            + " [--busy-seconds <--system-seconds>] [--busy-members 50] [--fanout-members 500] [--fanout-repeats 5]"
            + " [--max-connections-per-address 500] [--max-in-flight 1000] [--request-timeout 10] [--own-channels false]"
            + " [--reads-jdbc-url jdbc:postgresql://127.0.0.1:5432/staffchat] [--reads-schema message]"
            + " [--reads-hotel bench-reads] [--reads-callers 20] [--reads-conversations 1000]"
            + " [--reads-messages 1000] [--reads-warmup 30] [--reads-requests 300]"
            + " [--attachments-hotel bench-files-<time>] [--attachments-uploaders 10] [--attachments-warmup 10]"
            + " [--attachments-seconds 20] [--attachments-concurrency 4] [--attachments-large-files 10]"
            + " [--attachments-large-mb 50] [--attachments-paced 20] [--attachments-settle 60]"
            + " (the JWT secret comes from STAFFCHAT_JWT_SECRET, default the local run's)";

    /** The local run's public HS256 secret (the chat script's default). */
    static final String LOCAL_JWT_SECRET = "local-development-secret-please-change-0123456789";

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
                            // message-service's R2DBC pool size (spring.r2dbc.pool.max-size)
                            Map.entry("--connections", "8"),
                            Map.entry("--conversations", "100"),
                            Map.entry("--pg-warmup", "5"),
                            Map.entry("--pg-seconds", "20"),
                            Map.entry("--kafka", "127.0.0.1:9092"),
                            Map.entry("--kafka-broker", "the broker of ./chat up"),
                            Map.entry("--kafka-rate", "1000"),
                            Map.entry("--kafka-warmup", "5"),
                            Map.entry("--kafka-seconds", "20"),
                            Map.entry("--out", ".run/bench"),
                            Map.entry("--steps", "limits,system"),
                            Map.entry("--gateway", "http://127.0.0.1:8080"),
                            Map.entry(
                                    "--realtime",
                                    "ws://127.0.0.1:6001/app/staffchat-key?protocol=7&client=staffchat-bench&version=1"),
                            Map.entry("--run-dir", ".run"),
                            Map.entry("--hotel", ""),
                            Map.entry("--staff", "600"),
                            Map.entry("--system-conversations", "200"),
                            Map.entry("--rates", "100,250,500,1000,2000,4000"),
                            Map.entry("--system-seconds", "60"),
                            Map.entry("--system-warmup", "180"),
                            Map.entry("--idle-rate", "5"),
                            Map.entry("--idle-seconds", "20"),
                            Map.entry("--drain", "10"),
                            Map.entry("--settle", "60"),
                            Map.entry("--busy-rate", "500"),
                            Map.entry("--busy-seconds", ""),
                            Map.entry("--busy-members", "50"),
                            Map.entry("--fanout-members", "500"),
                            Map.entry("--fanout-repeats", "5"),
                            // realtime-service's staffchat.realtime.max-connections-per-address default
                            Map.entry("--max-connections-per-address", "500"),
                            Map.entry("--max-in-flight", "1000"),
                            Map.entry("--request-timeout", "10"),
                            Map.entry("--own-channels", "false"),
                            // issue 17's reads: every caller in 1,000 groups, a million messages in the hotel
                            Map.entry("--reads-jdbc-url", "jdbc:postgresql://127.0.0.1:5432/staffchat"),
                            Map.entry("--reads-schema", "message"),
                            Map.entry("--reads-hotel", "bench-reads"),
                            Map.entry("--reads-callers", "20"),
                            Map.entry("--reads-conversations", "1000"),
                            Map.entry("--reads-messages", "1000"),
                            Map.entry("--reads-warmup", "30"),
                            Map.entry("--reads-requests", "300"),
                            // issue 19's files: 1 MB images, ten 50 MB files at once, thumbnails
                            Map.entry("--attachments-hotel", ""),
                            Map.entry("--attachments-uploaders", "10"),
                            Map.entry("--attachments-warmup", "10"),
                            Map.entry("--attachments-seconds", "20"),
                            Map.entry("--attachments-concurrency", "4"),
                            Map.entry("--attachments-large-files", "10"),
                            Map.entry("--attachments-large-mb", "50"),
                            Map.entry("--attachments-paced", "20"),
                            Map.entry("--attachments-settle", "60")),
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
        Set<String> steps = Set.of(a.text("--steps").split(","));
        if (!Set.of("limits", "system", "reads", "attachments").containsAll(steps)) {
            System.err.println("bench: --steps takes limits, system, reads and attachments (any of them), not "
                    + a.text("--steps"));
            System.exit(2);
        }
        SystemBench.Settings systemSettings;
        AttachmentBench.Settings attachmentSettings;
        try {
            systemSettings = steps.contains("system") ? systemSettings(a, stamp) : null;
            attachmentSettings = steps.contains("attachments") ? attachmentSettings(a, stamp) : null;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        BenchReport.Machine machine = machine();
        PostgresSendBench.Result postgres = null;
        KafkaRoundTripBench.Result kafka = null;
        if (steps.contains("limits")) {
            requireLoopback(a.text("--kafka"));
            postgres = new PostgresSendBench(new PostgresSendBench.Settings(
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
            kafka = new KafkaRoundTripBench(new KafkaRoundTripBench.Settings(
                            a.text("--kafka"),
                            a.text("--kafka-broker"),
                            a.positive("--kafka-rate"),
                            a.positive("--kafka-warmup"),
                            a.positive("--kafka-seconds")))
                    .run();
        }
        SystemBench.Result system = null;
        if (systemSettings != null) {
            system = new SystemBench(systemSettings).run(postgres == null ? null : postgres.transactionsPerSecond());
        }

        ReadsBench.Result reads = null;
        if (steps.contains("reads")) {
            reads = new ReadsBench(readsSettings(a), readsApi(a)).run();
        }

        AttachmentBench.Result attachments = null;
        if (attachmentSettings != null) {
            attachments = new AttachmentBench(attachmentSettings).run();
        }

        BenchReport report = new BenchReport(started.toString(), machine, postgres, kafka, system, reads, attachments);
        Path dir = Path.of(a.text("--out"), stamp);
        report.write(dir);
        System.out.println();
        System.out.print(report.markdown());
        System.out.println();
        System.out.println("Written: " + dir.resolve("bench.json") + " and " + dir.resolve("bench.md")
                + (system == null ? "" : " and " + dir.resolve("latency.svg")));
    }

    static SystemBench.Settings systemSettings(Args a, String stamp) {
        URI gateway = loopback(URI.create(a.text("--gateway")), "--gateway");
        URI realtime = loopback(URI.create(a.text("--realtime")), "--realtime");
        String hotel = a.text("--hotel").isEmpty() ? "bench-" + stamp.toLowerCase(Locale.ROOT) : a.text("--hotel");
        if (!hotel.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("--hotel must be a hotel slug (a-z, 0-9, -), not " + hotel);
        }
        List<Integer> rates = new ArrayList<>();
        for (String r : a.text("--rates").split(",")) {
            int rate = Integer.parseInt(r.trim());
            if (rate <= 0) {
                throw new IllegalArgumentException("--rates must be positive, not " + rate);
            }
            rates.add(rate);
        }
        String secret = System.getenv().getOrDefault("STAFFCHAT_JWT_SECRET", LOCAL_JWT_SECRET);
        Map<String, URI> prometheus = new LinkedHashMap<>();
        // the management ports of ./chat up (MANAGEMENT_SERVER_PORT in its service table)
        prometheus.put("gateway", URI.create("http://127.0.0.1:9080/actuator/prometheus"));
        prometheus.put("message-service", URI.create("http://127.0.0.1:9081/actuator/prometheus"));
        prometheus.put("notification-service", URI.create("http://127.0.0.1:9083/actuator/prometheus"));
        prometheus.put("realtime-service", URI.create("http://127.0.0.1:7001/actuator/prometheus"));
        int seconds = a.positive("--system-seconds");
        return new SystemBench.Settings(
                gateway,
                realtime,
                prometheus,
                Path.of(a.text("--run-dir"), "pids"),
                secret,
                hotel,
                a.positive("--staff"),
                a.positive("--system-conversations"),
                List.copyOf(rates),
                seconds,
                a.zeroOrMore("--system-warmup"),
                a.positive("--idle-rate"),
                a.zeroOrMore("--idle-seconds"),
                a.positive("--drain"),
                a.zeroOrMore("--settle"),
                a.positive("--busy-rate"),
                a.text("--busy-seconds").isEmpty() ? seconds : a.positive("--busy-seconds"),
                a.positive("--busy-members"),
                a.positive("--fanout-members"),
                a.positive("--fanout-repeats"),
                a.positive("--max-connections-per-address"),
                a.positive("--max-in-flight"),
                a.positive("--request-timeout"),
                a.bool("--own-channels"));
    }

    static AttachmentBench.Settings attachmentSettings(Args a, String stamp) {
        String hotel = a.text("--attachments-hotel").isEmpty()
                ? "bench-files-" + stamp.toLowerCase(Locale.ROOT)
                : a.text("--attachments-hotel");
        if (!hotel.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("--attachments-hotel must be a hotel slug (a-z, 0-9, -), not " + hotel);
        }
        int largeMb = a.positive("--attachments-large-mb");
        if (largeMb > 4095) {
            throw new IllegalArgumentException("--attachments-large-mb must be at most 4095, not " + largeMb);
        }
        int uploaders = a.positive("--attachments-uploaders");
        if (uploaders < 2) {
            throw new IllegalArgumentException(
                    "--attachments-uploaders must be at least 2 (a group), not " + uploaders);
        }
        return new AttachmentBench.Settings(
                loopback(URI.create(a.text("--gateway")), "--gateway"),
                loopback(URI.create(a.text("--realtime")), "--realtime"),
                // the management ports of ./chat up (MANAGEMENT_SERVER_PORT in its service table)
                Map.of(
                        "gateway",
                        URI.create("http://127.0.0.1:9080/actuator/prometheus"),
                        "attachment-service",
                        URI.create("http://127.0.0.1:9082/actuator/prometheus")),
                Path.of(a.text("--run-dir"), "pids"),
                System.getenv().getOrDefault("STAFFCHAT_JWT_SECRET", LOCAL_JWT_SECRET),
                hotel,
                uploaders,
                a.zeroOrMore("--attachments-warmup"),
                a.positive("--attachments-seconds"),
                a.positive("--attachments-concurrency"),
                a.positive("--attachments-large-files"),
                largeMb,
                a.positive("--attachments-paced"),
                a.zeroOrMore("--attachments-settle"),
                a.positive("--request-timeout"));
    }

    static ReadsBench.Settings readsSettings(Args a) {
        String hotel = a.text("--reads-hotel");
        if (!hotel.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("--reads-hotel must be a hotel slug (a-z, 0-9, -), not " + hotel);
        }
        String schema = a.text("--reads-schema");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--reads-schema must be a schema name, not " + schema);
        }
        return new ReadsBench.Settings(
                a.text("--reads-jdbc-url"),
                a.text("--pg-user"),
                a.text("--pg-password"),
                schema,
                hotel,
                a.positive("--reads-callers"),
                a.positive("--reads-conversations"),
                a.positive("--reads-messages"),
                a.zeroOrMore("--reads-warmup"),
                a.positive("--reads-requests"));
    }

    private static GatewayApi readsApi(Args a) {
        return new GatewayApi(
                java.net.http.HttpClient.newHttpClient(),
                loopback(URI.create(a.text("--gateway")), "--gateway"),
                System.getenv().getOrDefault("STAFFCHAT_JWT_SECRET", LOCAL_JWT_SECRET),
                a.text("--reads-hotel"),
                java.time.Duration.ofSeconds(a.positive("--request-timeout")));
    }

    private static URI loopback(URI uri, String option) {
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException(option + " must be on loopback (127.0.0.1), not " + uri);
        }
        return uri;
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

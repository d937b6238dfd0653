package com.staffchat.realtime.bench;

import com.staffchat.realtime.bench.RealtimeBenchmark.OpenLoop;
import com.staffchat.realtime.bench.RealtimeBenchmark.Schedule;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sockudo's adapter-horizontal workload, scaled down to two nodes (realtime-reference.md, section
 * 5.2): two server JVMs in one fleet through Redis, 900 subscribers over 100 channels (9 a channel:
 * 5 on node A, 4 on node B), and signed {@code POST /events} alternating between the two nodes at a
 * fixed open-loop rate. Each publish must reach 9 subscribers: those on the node it was sent to
 * directly, the others through Redis pub/sub. Every delivery is counted against the publish it
 * belongs to, so loss and duplicates show; latency is trigger to receive, from when the publish was
 * due.
 *
 * <p>
 * Settings (system properties): {@code bench.fleetRates} (publishes a second, one measured phase
 * each, {@code 1000,2000,3000,5000}), {@code bench.jitWarmupSeconds} (90) at
 * {@code bench.jitWarmupRate} (300 publishes a second), once, discarded: the two server JVMs have
 * just started, {@code bench.warmupSeconds} (2, before each rate, discarded),
 * {@code bench.seconds} (10), {@code bench.serverJvm}, {@code bench.redisHost} and
 * {@code bench.redisPort} ({@code 127.0.0.1:6379}). Each run uses its own key prefix
 * ({@code bench-<pid>-<millis>}) and deletes its keys at the end.
 */
final class FleetScenario {

    private static final int CHANNELS = 100;

    private static final int PER_CHANNEL = 9;

    /** How long deliveries may still arrive after the last publish was answered before they count as lost. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final RealtimeBenchmark[] nodes;

    private final long[] pids;

    private final List<String> report = new ArrayList<>();

    private volatile Phase phase;

    private FleetScenario(RealtimeBenchmark[] nodes, long[] pids) {
        this.nodes = nodes;
        this.pids = pids;
    }

    static void run() throws Exception {
        String host = System.getProperty("bench.redisHost", "127.0.0.1");
        int port = Integer.getInteger("bench.redisPort", 6379);
        String prefix = "bench-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
        RedisClient redis = RedisClient.create(RedisURI.create(host, port));
        List<Process> servers = new ArrayList<>();
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            String info = commands.info("server");
            long redisPid = Long.parseLong(field(info, "process_id", "-1"));
            System.out.println("Redis " + field(info, "redis_version", "?") + " at " + host + ":" + port + " (pid "
                    + redisPid + "), key prefix " + prefix + "; server JVM "
                    + System.getProperty("bench.serverJvm", "-Xmx256m"));
            try {
                RealtimeBenchmark[] nodes = new RealtimeBenchmark[2];
                String[] urls = new String[2];
                for (int n = 0; n < 2; n++) {
                    int httpPort = RealtimeBenchmark.freePort();
                    Process server = RealtimeBenchmark.startServer(
                            httpPort,
                            List.of(
                                    "--staffchat.realtime.fleet.enabled=true",
                                    "--staffchat.realtime.fleet.node-id=bench-" + node(n).toLowerCase(Locale.ROOT),
                                    "--staffchat.realtime.fleet.key-prefix=" + prefix,
                                    "--staffchat.realtime.fleet.publish-presence-topic=false",
                                    "--spring.data.redis.host=" + host,
                                    "--spring.data.redis.port=" + port),
                            "bench-fleet-" + node(n).toLowerCase(Locale.ROOT) + ".log");
                    servers.add(server);
                    urls[n] = "http://127.0.0.1:" + httpPort;
                    nodes[n] = new RealtimeBenchmark(urls[n], server.pid());
                }
                for (int n = 0; n < 2; n++) {
                    RealtimeBenchmark.awaitReady(urls[n], servers.get(n));
                }
                new FleetScenario(
                                nodes,
                                new long[] {servers.get(0).pid(), servers.get(1).pid(), redisPid})
                        .measure();
            } finally {
                for (Process server : servers) {
                    server.destroy(); // both drain at the same time
                }
                for (Process server : servers) {
                    RealtimeBenchmark.stopServer(server);
                }
                System.out.println("Redis: deleted " + deleteKeys(commands, prefix) + " keys of prefix " + prefix);
            }
        } finally {
            redis.shutdown();
        }
    }

    private void measure() throws Exception {
        try {
            // Channel c has subscribers 0, 2, 4, 6, 8 on node A and 1, 3, 5, 7 on node B.
            for (int n = 0; n < 2; n++) {
                int receiver = n;
                int count = CHANNELS * ((PER_CHANNEL + 1 - n) / 2);
                long subscribed = nodes[n].connect(count, i -> "fleet-" + (i % CHANNELS), due -> record(receiver, due));
                if (subscribed != count) {
                    throw new IllegalStateException(
                            "Only " + subscribed + " of " + count + " subscribers on node " + node(n));
                }
            }
            System.out.println(
                    CHANNELS * PER_CHANNEL + " subscribers on " + CHANNELS + " channels, 500 on node A, 400 on node B");
            int[] rates = Arrays.stream(System.getProperty("bench.fleetRates", "1000,2000,3000,5000")
                            .split(","))
                    .mapToInt(rate -> Integer.parseInt(rate.trim()))
                    .toArray();
            // Two freshly started JVMs on two cores are still compiling for more than a minute (C2
            // took 12-35 % of a core at 45-75 s): a 20 s warm-up gave p99 9-27 ms at 1,000/s, a
            // 90 s one 3 ms, with half the CPU per node. Started at 1,000/s at once, they fall
            // seconds behind; a gentle rate lets the compiler finish first.
            int jitWarmup = Integer.getInteger("bench.jitWarmupSeconds", 90);
            if (jitWarmup > 0) {
                phase(Integer.getInteger("bench.jitWarmupRate", 300), Duration.ofSeconds(jitWarmup), "JIT warm-up");
            }
            int warmup = Integer.getInteger("bench.warmupSeconds", 2);
            for (int perSecond : rates) {
                phase(perSecond, Duration.ofSeconds(warmup), "warm-up");
                phase(perSecond, Duration.ofSeconds(RealtimeBenchmark.SECONDS), null);
            }
        } finally {
            for (RealtimeBenchmark node : nodes) {
                node.closeAll();
            }
        }
        System.out.println();
        System.out.println(
                "| Publishes/s (deliveries/s) | Delivered | Trigger-to-receive p50 / p95 / p99 / max "
                        + "| p99 same node / other node | POST answered p50 / p99 | CPU: node A / node B / Redis / load generator |");
        System.out.println("|---|---|---|---|---|---|");
        report.forEach(System.out::println);
    }

    /**
     * Publishes at {@code perSecond} for {@code duration}, alternating between the nodes, and counts
     * deliveries; a phase with a {@code warmup} name is printed on one line and not reported.
     */
    private void phase(int perSecond, Duration duration, String warmup) throws InterruptedException {
        Phase current = new Phase(Schedule.of(System.nanoTime(), perSecond, duration));
        long droppedBefore = dropped();
        long[] cpuBefore = cpu();
        phase = current;
        OpenLoop loop;
        try {
            loop = RealtimeBenchmark.openLoop(current.schedule, (tick, due) -> {
                byte[] body = RealtimeBenchmark.event("fleet-" + (tick / 2) % CHANNELS, due);
                return nodes[(int) (tick % 2)].post(RealtimeBenchmark.signedUri(body), body);
            });
        } catch (IllegalStateException timeout) {
            phase = null;
            report(
                    perSecond,
                    (warmup == null ? "" : warmup + ": ")
                            + "**overloaded**: the publishes were not all answered within 30 s of the schedule's end ("
                            + current.delivered.get() + " of " + current.expected() + " delivered by then)",
                    "",
                    "",
                    "",
                    "");
            return;
        }
        long expected = current.expected();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (current.delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10); // waiting for the last deliveries, not timing them
        }
        phase = null;
        double seconds = (System.nanoTime() - current.schedule.start()) / 1e9;
        long[] cpuAfter = cpu();
        long missing = 0;
        long extra = 0;
        long shortPublishes = 0;
        for (int tick = 0; tick < current.perPublish.length(); tick++) {
            int got = current.perPublish.get(tick);
            if (got < PER_CHANNEL) {
                missing += PER_CHANNEL - got;
                shortPublishes++;
            }
            extra += Math.max(0, got - PER_CHANNEL);
        }
        Histogram all = current.local.copy();
        all.add(current.remote);
        String delivered = String.format(Locale.ROOT, "%,d of %,d", current.delivered.get(), expected)
                + (missing == 0
                        ? " (100 %)"
                        : String.format(Locale.ROOT, "; **%,d lost** (%d publishes short)", missing, shortPublishes))
                + (extra == 0 ? "" : String.format(Locale.ROOT, "; **%,d duplicates**", extra))
                + (loop.failed() == 0 ? "" : String.format(Locale.ROOT, "; **%,d POSTs not 200**", loop.failed()))
                + (dropped() == droppedBefore
                        ? ""
                        : String.format(Locale.ROOT, "; **%d subscribers disconnected**", dropped() - droppedBefore));
        String line = String.format(
                Locale.ROOT, "%s / %s / %s / %s ms", ms(all, 50), ms(all, 95), ms(all, 99), ms(all.getMaxValue()));
        String split = String.format(Locale.ROOT, "%s / %s ms", ms(current.local, 99), ms(current.remote, 99));
        String answered = String.format(Locale.ROOT, "%s / %s ms", ms(loop.answered(), 50), ms(loop.answered(), 99));
        StringBuilder cpu = new StringBuilder();
        for (int i = 0; i < cpuBefore.length; i++) {
            cpu.append(i == 0 ? "" : " / ")
                    .append(
                            cpuBefore[i] < 0 || cpuAfter[i] < 0
                                    ? "?"
                                    : String.format(
                                            Locale.ROOT, "%.0f %%", (cpuAfter[i] - cpuBefore[i]) / 1e7 / seconds));
        }
        String label = String.format(Locale.ROOT, "%,d (%,d)", perSecond, perSecond * PER_CHANNEL);
        if (warmup != null) {
            System.out.println("  " + warmup + " " + duration.toSeconds() + " s at " + label + ": delivered "
                    + delivered + ", latency " + line + ", CPU " + cpu);
            return;
        }
        if (current.stray.get() > 0) {
            System.out.println(
                    "  (" + current.stray.get() + " deliveries of the previous phase arrived during this one)");
        }
        report(perSecond, delivered, line, split, answered, cpu.toString());
    }

    private void report(int perSecond, String delivered, String latency, String split, String answered, String cpu) {
        String line = String.format(
                Locale.ROOT,
                "| %,d (%,d) | %s | %s | %s | %s | %s |",
                perSecond,
                perSecond * PER_CHANNEL,
                delivered,
                latency,
                split,
                answered,
                cpu);
        report.add(line);
        System.out.println(line);
    }

    /** Called on the receiving connection's thread for each {@code bench} event. */
    private void record(int receiver, long due) {
        long now = System.nanoTime();
        Phase current = phase;
        if (current == null) {
            return;
        }
        long tick = current.schedule.tickOf(due);
        if (tick < 0) {
            current.stray.incrementAndGet();
            return;
        }
        current.perPublish.incrementAndGet((int) tick);
        current.delivered.incrementAndGet();
        (tick % 2 == receiver ? current.local : current.remote).recordValue(Math.max(0, (now - due) / 1000));
    }

    private long dropped() {
        return nodes[0].dropped() + nodes[1].dropped();
    }

    /** CPU time used so far, in nanoseconds, by node A, node B, Redis and this process (-1 where unknown). */
    private long[] cpu() {
        long[] result = new long[pids.length + 1];
        for (int i = 0; i < pids.length; i++) {
            result[i] = ProcessHandle.of(pids[i])
                    .flatMap(process -> process.info().totalCpuDuration())
                    .map(Duration::toNanos)
                    .orElse(-1L);
        }
        result[pids.length] = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(-1L);
        return result;
    }

    private static long deleteKeys(RedisCommands<String, String> commands, String prefix) {
        long deleted = 0;
        ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                deleted += commands.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    private static String field(String info, String name, String otherwise) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ":(\\S+)").matcher(info);
        return matcher.find() ? matcher.group(1) : otherwise;
    }

    private static String node(int n) {
        return n == 0 ? "A" : "B";
    }

    private static String ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "–" : ms(histogram.getValueAtPercentile(percentile));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    /** One rate's publishes and what was received of them. */
    private static final class Phase {

        final Schedule schedule;

        /** Deliveries per publish, by tick. */
        final AtomicIntegerArray perPublish;

        final AtomicLong delivered = new AtomicLong();

        /** Deliveries of another phase's publishes that arrived during this one. */
        final AtomicLong stray = new AtomicLong();

        /** Latency in microseconds to receivers on the node the publish was sent to, and on the other node. */
        final Histogram local = new ConcurrentHistogram(3);

        final Histogram remote = new ConcurrentHistogram(3);

        Phase(Schedule schedule) {
            this.schedule = schedule;
            this.perPublish = new AtomicIntegerArray(Math.toIntExact(schedule.total()));
        }

        long expected() {
            return schedule.total() * PER_CHANNEL;
        }
    }
}

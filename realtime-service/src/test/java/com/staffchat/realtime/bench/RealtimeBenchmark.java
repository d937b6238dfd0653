package com.staffchat.realtime.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * Measures realtime-service over loopback, with the server in its own JVM (so that its RSS is its
 * own) and this process as the load generator. Bounded: every phase has a fixed size or duration,
 * and the whole run ends by itself in a few minutes. Prints machine facts and a Markdown table.
 *
 * <p>Settings (system properties): {@code bench.connections} (19000; the hard limit of open files
 * here is 20,000 per process), {@code bench.seconds} (10, per measured phase), {@code bench.receivers}
 * (50, connections on the latency channel), {@code bench.serverJvm} (JVM options of the server,
 * {@code -Xmx256m}), {@code bench.gcBeforeRss} (a full GC in the server before each RSS reading),
 * {@code bench.histogram} (print the server's class histogram with the connections held), {@code bench.url} (measure a server already running there instead, e.g.
 * {@code http://127.0.0.1:6001}; RSS is then read from {@code bench.pid} if given).
 *
 * <p>{@code -Dbench.scenario=fleet} runs {@link FleetScenario} instead: two fleet nodes sharing
 * the local Redis, with publishes going through both.
 */
public final class RealtimeBenchmark {

    private static final String APP_ID = "staffchat";

    private static final String APP_KEY = "staffchat-key";

    private static final String APP_SECRET = "staffchat-secret";

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 19_000);

    static final int SECONDS = Integer.getInteger("bench.seconds", 10);

    private static final int RECEIVERS = Integer.getInteger("bench.receivers", 50);

    private static final int HANDSHAKE_CONCURRENCY = 256;

    private static final int HTTP_CONCURRENCY = 64;

    private static final Pattern DATA = Pattern.compile("\"data\":\"(-?\\d+)\"");

    private final String baseUrl;

    private final long serverPid;

    private final HttpClient http;

    private final HttpClient.WebsocketSender websockets;

    private final List<Disposable> open = new ArrayList<>();

    /** Connections the server closed (or that failed) after they were opened. */
    private final AtomicLong dropped = new AtomicLong();

    private final List<String> report = new ArrayList<>();

    RealtimeBenchmark(String baseUrl, long serverPid) {
        this.baseUrl = baseUrl;
        this.serverPid = serverPid;
        // No Nagle on the load generator: a request held back waiting for an ACK would be timed as server latency.
        this.http = HttpClient.create(ConnectionProvider.builder("bench-http")
                        .maxConnections(HTTP_CONCURRENCY)
                        .pendingAcquireMaxCount(-1)
                        .build())
                .baseUrl(baseUrl)
                .option(ChannelOption.TCP_NODELAY, true);
        this.websockets = HttpClient.newConnection()
                .websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(65536)
                        .build());
    }

    public static void main(String[] args) throws Exception {
        printMachine();
        try {
            if ("fleet".equals(System.getProperty("bench.scenario", "single"))) {
                FleetScenario.run();
            } else {
                singleNode();
            }
        } finally {
            Schedulers.shutdownNow();
        }
        System.exit(0);
    }

    private static void singleNode() throws Exception {
        System.out.println("connections " + CONNECTIONS + ", " + SECONDS + " s per phase, " + RECEIVERS
                + " latency receivers, server JVM " + System.getProperty("bench.serverJvm", "-Xmx256m"));
        String url = System.getProperty("bench.url");
        Process server = null;
        long pid;
        if (url == null) {
            int port = freePort();
            server = startServer(port, List.of(), "bench-server.log");
            url = "http://127.0.0.1:" + port;
            pid = server.pid();
        } else {
            pid = Long.getLong("bench.pid", -1L);
        }
        try {
            awaitReady(url, server);
            new RealtimeBenchmark(url, pid).run();
        } finally {
            stopServer(server);
        }
    }

    private void run() throws Exception {
        // Warm-up: the JIT and the pools see every path once, then the idle footprint is read.
        connect(500, i -> "warmup", null);
        closeAll();
        throughput(Duration.ofSeconds(3));
        settle();
        long idleRss = rssKb();
        row("RSS idle (after warm-up)", kb(idleRss), "");

        long start = System.nanoTime();
        connect(CONNECTIONS, i -> "room-" + (i % 1000), null);
        double seconds = (System.nanoTime() - start) / 1e9;
        row(
                "Connections opened and subscribed",
                Integer.toString(CONNECTIONS),
                String.format(Locale.ROOT, "%.1f s, %d concurrent handshakes", seconds, HANDSHAKE_CONCURRENCY));
        row(
                "Connection rate (handshake + subscribe)",
                String.format(Locale.ROOT, "%.0f /s", CONNECTIONS / seconds),
                "");
        settle();
        long heldRss = rssKb();
        if (Boolean.getBoolean("bench.histogram") && serverPid > 0) {
            // Where the server's heap goes per connection: the top of a class histogram (forces a full GC).
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(serverPid),
                            "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .limit(40)
                    .forEach(System.out::println);
            jcmd.waitFor(60, TimeUnit.SECONDS);
        }
        row("RSS with connections held", kb(heldRss), "");
        if (idleRss > 0) {
            row(
                    "Marginal memory per connection",
                    String.format(Locale.ROOT, "%.1f KB", (heldRss - idleRss) / (double) CONNECTIONS),
                    "(RSS held − RSS idle) / connections");
        }

        double rate = throughput(Duration.ofSeconds(SECONDS));
        row(
                "Signed POST /events, no subscribers (Java client, " + HTTP_CONCURRENCY + " in flight)",
                String.format(Locale.ROOT, "%.0f req/s", rate),
                SECONDS + " s, connections above still held");
        wrkThroughput();

        Recorder recorder = new Recorder(3);
        long[] received = new long[1];
        connect(RECEIVERS, i -> "latency", sent -> {
            recorder.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
            synchronized (received) {
                received[0]++;
            }
        });
        for (int deliveriesPerSecond : new int[] {1000, 5000}) {
            int publishesPerSecond = deliveriesPerSecond / RECEIVERS;
            publishAt("latency", publishesPerSecond, Duration.ofSeconds(2)); // warm-up at this rate, discarded
            Thread.sleep(1000);
            recorder.reset();
            synchronized (received) {
                received[0] = 0;
            }
            long published = publishAt("latency", publishesPerSecond, Duration.ofSeconds(SECONDS));
            Thread.sleep(1000); // the last deliveries may land just after the last publish was answered
            Histogram latency = recorder.getIntervalHistogram();
            long got;
            synchronized (received) {
                got = received[0];
            }
            row(
                    "Trigger-to-receive latency at " + deliveriesPerSecond + " deliveries/s",
                    String.format(
                            Locale.ROOT,
                            "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                            latency.getValueAtPercentile(50) / 1000.0,
                            latency.getValueAtPercentile(99) / 1000.0,
                            latency.getMaxValue() / 1000.0),
                    String.format(
                            Locale.ROOT,
                            "%d publishes/s × %d receivers, %d s; %d of %d delivered",
                            publishesPerSecond,
                            RECEIVERS,
                            SECONDS,
                            got,
                            published * RECEIVERS));
        }
        row("RSS after the latency phases", kb(rssKb()), "");
        // The churn scenario runs without the held connections, as Soketi's and Sockudo's did (and
        // the load generator would run out of file descriptors otherwise).
        closeAll();
        settle();
        churn();
        closeAll();

        System.out.println();
        System.out.println("| Measure | Result | Conditions |");
        System.out.println("|---|---|---|");
        report.forEach(System.out::println);
    }

    /**
     * Soketi's and Sockudo's scenario: 500 receivers stay, while 100 connections a second join the
     * same channel and leave 5 s later (so about 500 more are subscribed at any time); 3 publishes a
     * second reach about 3,000 receivers a second.
     */
    private void churn() throws InterruptedException {
        int stable = 500;
        int publishesPerSecond = 3;
        Recorder recorder = new Recorder(3);
        AtomicLong received = new AtomicLong();
        LongConsumer record = sent -> {
            recorder.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
            received.incrementAndGet();
        };
        connect(stable, i -> "fanout", record);
        AtomicLong joined = new AtomicLong();
        Disposable churning = Flux.interval(Duration.ofMillis(10), Schedulers.single())
                .subscribe(tick -> {
                    joined.incrementAndGet();
                    Disposable churner = websockets
                            .uri(baseUrl.replace("http", "ws") + "/app/" + APP_KEY + "?protocol=7&client=bench-churn")
                            .handle((in, out) -> out.sendString(Mono.just(
                                            "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"fanout\"}}"))
                                    .then()
                                    .thenMany(in.receive().asString().doOnNext(frame -> {
                                        if (frame.startsWith("{\"event\":\"bench\"")) {
                                            Matcher matcher = DATA.matcher(frame);
                                            if (matcher.find()) {
                                                record.accept(Long.parseLong(matcher.group(1)));
                                            }
                                        }
                                    })))
                            .subscribe(ignored -> {}, error -> {});
                    Mono.delay(Duration.ofSeconds(5)).subscribe(ignored -> churner.dispose());
                });
        try {
            publishAt("fanout", publishesPerSecond, Duration.ofSeconds(5)); // until about 500 churners are in
            Thread.sleep(1000);
            recorder.reset();
            received.set(0);
            long start = System.nanoTime();
            publishAt("fanout", publishesPerSecond, Duration.ofSeconds(SECONDS));
            Thread.sleep(1000);
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram latency = recorder.getIntervalHistogram();
            row(
                    "Latency, " + stable + " receivers + 100 joining/leaving a second, " + publishesPerSecond
                            + " publishes/s",
                    String.format(
                            Locale.ROOT,
                            "avg %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                            latency.getMean() / 1000.0,
                            latency.getValueAtPercentile(95) / 1000.0,
                            latency.getValueAtPercentile(99) / 1000.0,
                            latency.getMaxValue() / 1000.0),
                    String.format(
                            Locale.ROOT, "%.0f deliveries/s received over %d s", received.get() / seconds, SECONDS));
        } finally {
            churning.dispose();
        }
    }

    /**
     * Opens {@code count} connections, each subscribed to its channel, and returns once all are
     * subscribed (or failed); answers how many subscribed. {@code onEvent} gets the number in the
     * data of each {@code bench} event.
     */
    long connect(int count, java.util.function.IntFunction<String> channel, LongConsumer onEvent) {
        AtomicLong subscribedCount = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        Flux.range(0, count)
                .flatMap(
                        i -> open(channel.apply(i), onEvent)
                                .doOnSuccess(ignored -> subscribedCount.incrementAndGet())
                                .timeout(Duration.ofSeconds(30))
                                .onErrorResume(error -> {
                                    if (failures.incrementAndGet() <= 5) {
                                        firstErrors.add(error.toString());
                                    }
                                    return Mono.empty();
                                }),
                        HANDSHAKE_CONCURRENCY)
                .then()
                .block(Duration.ofMinutes(3));
        if (failures.get() > 0) {
            System.out.println("  " + failures.get() + " of " + count + " connections failed, " + subscribedCount.get()
                    + " subscribed; first errors: " + firstErrors);
        }
        return subscribedCount.get();
    }

    private Mono<Void> open(String channel, LongConsumer onEvent) {
        Sinks.Empty<Void> subscribed = Sinks.empty();
        String subscribe = "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}";
        Disposable connection = websockets
                .uri(baseUrl.replace("http", "ws") + "/app/" + APP_KEY + "?protocol=7&client=bench")
                .handle((in, out) -> out.sendString(Mono.just(subscribe))
                        .then()
                        .thenMany(in.receive().asString().doOnNext(frame -> {
                            if (frame.contains("pusher_internal:subscription_succeeded")) {
                                subscribed.tryEmitEmpty();
                            } else if (onEvent != null && frame.startsWith("{\"event\":\"bench\"")) {
                                Matcher matcher = DATA.matcher(frame);
                                if (matcher.find()) {
                                    onEvent.accept(Long.parseLong(matcher.group(1)));
                                }
                            }
                        })))
                .subscribe(
                        ignored -> {},
                        error -> {
                            dropped.incrementAndGet();
                            subscribed.tryEmitError(error);
                        },
                        () -> {
                            dropped.incrementAndGet();
                            subscribed.tryEmitError(
                                    new IllegalStateException("closed by the server before subscribing"));
                        });
        synchronized (open) {
            open.add(connection);
        }
        return subscribed.asMono();
    }

    /** Connections closed by the server, or failed, since they were opened (not those closed by {@link #closeAll()}). */
    long dropped() {
        return dropped.get();
    }

    void closeAll() {
        synchronized (open) {
            open.forEach(Disposable::dispose);
            open.clear();
        }
    }

    /** Closed loop: {@link #HTTP_CONCURRENCY} requests in flight for {@code duration}; returns successful requests a second. */
    private double throughput(Duration duration) {
        byte[] body = "{\"name\":\"bench\",\"channel\":\"nobody-listens\",\"data\":\"{\\\"x\\\":1}\"}"
                .getBytes(StandardCharsets.UTF_8);
        String uri = signedUri(body);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        Flux.range(0, HTTP_CONCURRENCY)
                .flatMap(
                        worker -> post(uri, body)
                                .doOnNext(status -> (status == 200 ? ok : failed).incrementAndGet())
                                .repeat(() -> System.nanoTime() < deadline)
                                .then(),
                        HTTP_CONCURRENCY)
                .then()
                .block(duration.plusSeconds(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            System.out.println("  (" + failed.get() + " requests did not answer 200)");
        }
        return ok.get() / seconds;
    }

    /** The same request with wrk, if it is installed: a load generator far lighter than a JVM. */
    private void wrkThroughput() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            return;
        }
        byte[] body = "{\"name\":\"bench\",\"channel\":\"nobody-listens\",\"data\":\"{\\\"x\\\":1}\"}"
                .getBytes(StandardCharsets.UTF_8);
        Path script = Files.createTempFile("bench-post", ".lua");
        // A long-bracket string: Lua must not unescape the body, or its MD5 no longer matches the signature.
        Files.writeString(
                script,
                "wrk.method = \"POST\"\nwrk.body = [[" + new String(body, StandardCharsets.UTF_8)
                        + "]]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
        Process wrk = new ProcessBuilder(
                        "/usr/bin/wrk",
                        "-t2",
                        "-c64",
                        "-d" + SECONDS + "s",
                        "-s",
                        script.toString(),
                        baseUrl + signedUri(body))
                .redirectErrorStream(true)
                .start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor(SECONDS + 30L, TimeUnit.SECONDS);
        Files.deleteIfExists(script);
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        Matcher latency = Pattern.compile("Latency\\s+(\\S+)").matcher(output);
        row(
                "Signed POST /events, no subscribers (wrk -t2 -c64)",
                rate.find() ? rate.group(1) + " req/s" : "?",
                SECONDS + " s, avg latency " + (latency.find() ? latency.group(1) : "?")
                        + (non2xx.find() ? ", " + non2xx.group(1) + " non-2xx" : ", all 200"));
    }

    /** Open loop: one publish every 1/rate s for {@code duration}, each stamped with the time it was due. */
    private long publishAt(String channel, int perSecond, Duration duration) {
        OpenLoop result = openLoop(Schedule.of(System.nanoTime(), perSecond, duration), (tick, due) -> {
            byte[] body = event(channel, due);
            return post(signedUri(body), body);
        });
        if (result.failed() > 0) {
            System.out.println("  (" + result.failed() + " publishes did not answer 200)");
        }
        System.out.printf(
                Locale.ROOT,
                "  publish answered: p50 %.2f ms, p99 %.2f ms%n",
                result.answered().getValueAtPercentile(50) / 1000.0,
                result.answered().getValueAtPercentile(99) / 1000.0);
        return result.sent();
    }

    /** Tick {@code k} of {@code total} is due at {@code start + k × interval} (nanoTime). */
    record Schedule(long start, long interval, long total) {

        static Schedule of(long start, int perSecond, Duration duration) {
            long interval = 1_000_000_000L / perSecond;
            return new Schedule(start, interval, duration.toNanos() / interval);
        }

        long due(long tick) {
            return start + tick * interval;
        }

        /** The tick that was due at {@code due}, or -1 if {@code due} is not one of this schedule's. */
        long tickOf(long due) {
            long offset = due - start;
            if (offset < 0 || offset % interval != 0 || offset / interval >= total) {
                return -1;
            }
            return offset / interval;
        }
    }

    /** One request of an open loop; answers the HTTP status. */
    interface TickRequest {

        Mono<Integer> send(long tick, long due);
    }

    /**
     * What an open loop did: requests sent, those not answered 200 (or with an error), and the time
     * from when each was due to its answer, in microseconds.
     */
    record OpenLoop(long sent, long failed, Histogram answered, double seconds) {}

    /**
     * Open loop: sends the schedule's requests when they are due, whatever the answers do (up to
     * 256 in flight; later ones wait their turn, still timed from when they were due, so a stalled
     * server cannot hide its own delay). Returns once every request has answered, or throws if that
     * takes 30 s longer than the schedule.
     */
    static OpenLoop openLoop(Schedule schedule, TickRequest request) {
        AtomicLong failed = new AtomicLong();
        Recorder responses = new Recorder(3);
        // Flux.interval's first tick comes at once here; tick k is due at start + k × interval.
        Flux.interval(Duration.ZERO, Duration.ofNanos(schedule.interval()), Schedulers.single())
                .take(schedule.total())
                .onBackpressureBuffer()
                .flatMap(
                        tick -> {
                            long due = schedule.due(tick);
                            return request.send(tick, due)
                                    .doOnNext(status -> {
                                        responses.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                                        if (status != 200) {
                                            failed.incrementAndGet();
                                        }
                                    })
                                    .onErrorResume(error -> {
                                        failed.incrementAndGet();
                                        return Mono.empty();
                                    });
                        },
                        256)
                .then()
                .block(Duration.ofNanos(schedule.interval() * schedule.total()).plusSeconds(30));
        return new OpenLoop(
                schedule.total(),
                failed.get(),
                responses.getIntervalHistogram(),
                (System.nanoTime() - schedule.start()) / 1e9);
    }

    /** A {@code bench} event whose data is {@code value}. */
    static byte[] event(String channel, long value) {
        return ("{\"name\":\"bench\",\"channel\":\"" + channel + "\",\"data\":\"" + value + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    Mono<Integer> post(String uri, byte[] body) {
        return http.headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                .post()
                .uri(uri)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) ->
                        content.then(Mono.just(response.status().code())));
    }

    /** The path and query Pusher's libraries would send for this body. */
    static String signedUri(byte[] body) {
        try {
            String path = "/apps/" + APP_ID + "/events";
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
            String query = "auth_key=" + APP_KEY + "&auth_timestamp=" + System.currentTimeMillis() / 1000
                    + "&auth_version=1.0&body_md5=" + md5;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = HexFormat.of()
                    .formatHex(mac.doFinal(("POST\n" + path + "\n" + query).getBytes(StandardCharsets.UTF_8)));
            return path + "?" + query + "&auth_signature=" + signature;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private long rssKb() throws IOException, InterruptedException {
        if (serverPid < 0) {
            return -1;
        }
        if (Boolean.getBoolean("bench.gcBeforeRss")) {
            // A full GC first: G1 then gives back the heap that only garbage had grown, so RSS shows live data.
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(serverPid),
                            "GC.run")
                    .redirectErrorStream(true)
                    .start();
            jcmd.getInputStream().readAllBytes();
            jcmd.waitFor(60, TimeUnit.SECONDS);
            Thread.sleep(1000);
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Lets the server finish what the previous phase left (closes, garbage) before a memory reading. */
    private static void settle() throws InterruptedException {
        Thread.sleep(3000);
    }

    private void row(String measure, String result, String conditions) {
        String line = "| " + measure + " | " + result + " | " + conditions + " |";
        report.add(line);
        System.out.println(line);
    }

    private static String kb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    private static void printMachine() throws Exception {
        System.out.println(
                "cores (availableProcessors): " + Runtime.getRuntime().availableProcessors());
        System.out.println(Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        System.out.println(
                "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println(
                "load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server as its own JVM with this classpath; {@code extraArgs} are added to its arguments. */
    static Process startServer(int port, List<String> extraArgs, String logName) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("bench.serverJvm", "-Xmx256m").split(" ")));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "com.staffchat.realtime.RealtimeApplication",
                "--server.port=" + port,
                "--staffchat.realtime.default-limits.api-requests-per-second=0",
                // every benchmark connection comes from this one address and opens public channels at full speed
                "--staffchat.realtime.max-connections-per-address=0",
                "--staffchat.realtime.channel-creations-per-second=0",
                "--staffchat.realtime.shutdown.drain-window=1s",
                "--logging.level.root=WARN"));
        command.addAll(extraArgs);
        Path log = Path.of("target", logName);
        Files.createDirectories(log.getParent());
        System.out.println("server log: " + log.toAbsolutePath());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static void stopServer(Process server) throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    static void awaitReady(String url, Process server) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (server != null && !server.isAlive()) {
                throw new IllegalStateException(
                        "The server exited with " + server.exitValue() + "; see its log in target/");
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The server is still starting.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server was not ready within 90 s");
    }
}

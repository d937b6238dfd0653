package com.staffchat.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Issue 19's speed figures for files, through the gateway with real tokens: upload throughput of 1 MB images one
 * at a time and a few at once (closed loops), ten 50 MB files at once with the resident memory of the gateway and
 * attachment-service sampled meanwhile (the aim: less than 64 MB of growth, which shows the bodies are streamed),
 * and the time from an upload's answer to its thumbnail's {@code attachment-updated} at a Pusher subscriber of the
 * conversation, next to attachment-service's own {@code staffchat.thumbnails.upload-to-ready} timer.
 *
 * <p>The 1 MB file is a PNG of random pixels (made once with ImageIO: it passes the content check and gets
 * thumbnails); the 50 MB file an MP4 container (an {@code ftyp} box of brand {@code mp42}, then an {@code mdat} box
 * of random bytes) written once to a scratch file and sent from it, so this JVM never holds it. MP4 has no
 * thumbnail, so the memory measured during the large uploads is the upload's alone, not a decoder's. Everything the
 * step uploaded is deleted at the end.
 */
final class AttachmentBench {

    record Settings(
            URI gateway,
            URI realtime,
            /** {@code /actuator/prometheus} of the gateway and attachment-service, by pid file name. */
            Map<String, URI> prometheus,
            Path pidDir,
            String jwtSecret,
            String hotel,
            int uploaders,
            int warmupSeconds,
            int seconds,
            int concurrency,
            int largeFiles,
            int largeMegabytes,
            int paced,
            int settleSeconds,
            int requestTimeoutSeconds) {}

    /** One closed-loop (or all-at-once) phase of uploads. */
    record Phase(
            String name,
            String file,
            long fileBytes,
            int concurrency,
            double seconds,
            long uploaded,
            Map<String, Long> errors,
            double megabytesPerSecond,
            double uploadsPerSecond,
            Latency latency,
            double generatorCpuPercent,
            List<ProcessUsage.Load> processes) {}

    /**
     * One process's resident memory around the large uploads, in kB: {@code VmRSS} just before, the highest
     * {@code VmRSS} sampled meanwhile (every {@link #SAMPLE_MILLIS} ms), {@code VmHWM} before and after (reset to
     * the current RSS just before when the kernel allows it: {@code hwmReset}); growth in MB.
     */
    record Memory(
            String process,
            long baselineRssKb,
            long peakSampledRssKb,
            long hwmBeforeKb,
            long hwmAfterKb,
            boolean hwmReset,
            double sampledGrowthMb,
            double hwmGrowthMb,
            Jvm jvm) {

        /** The larger of the two growths: what the 64 MB aim is judged on. */
        double growthMb() {
            return Math.max(sampledGrowthMb, hwmGrowthMb);
        }
    }

    /**
     * A service's JVM memory by its own Prometheus endpoint (Micrometer's {@code jvm_memory_*_bytes} of the heap,
     * {@code jvm_buffer_memory_used_bytes{id="direct"}}), in MB, just before the large uploads and the highest of
     * the scrapes taken every {@link #JVM_SCRAPE_MILLIS} ms meanwhile: whether RSS grew with the heap the JVM
     * committed, the heap in use, or direct buffers.
     */
    record Jvm(
            double heapUsedBeforeMb,
            double heapUsedPeakMb,
            double heapCommittedBeforeMb,
            double heapCommittedPeakMb,
            double directBeforeMb,
            double directPeakMb) {}

    /**
     * Upload to thumbnail ready: at the subscriber (from the upload's 201 to its {@code attachment-updated} with a
     * thumbnail), and by attachment-service's timer between two scrapes (count and mean from {@code _count} and
     * {@code _sum}; its {@code quantile} gauges after, which cover Micrometer's sliding window of about two
     * minutes, not exactly these uploads).
     */
    record ThumbnailReady(
            String name,
            long uploads,
            long announced,
            Latency answerToAnnounced,
            long timerCount,
            double timerMeanMillis,
            double serviceWindowP50Millis,
            double serviceWindowP99Millis,
            Map<String, Long> serviceOutcomes) {}

    record Result(
            String hotel,
            long conversationId,
            int uploaders,
            String smallFile,
            long smallBytes,
            String largeFile,
            long largeBytes,
            List<Phase> phases,
            List<Memory> largeUploadMemory,
            double memoryAimMb,
            Boolean streamingShown,
            ThumbnailReady thumbnailsPaced,
            ThumbnailReady thumbnailsUnderLoad,
            long removed,
            long removeFailures,
            List<String> notes) {}

    /**
     * Whether the gateway and attachment-service both grew less than {@code aimMb} during the large uploads; null
     * when neither was measured.
     */
    static Boolean streamingShown(List<Memory> memory, double aimMb) {
        List<Memory> services =
                memory.stream().filter(m -> SERVICES.contains(m.process())).toList();
        if (services.isEmpty()) {
            return null;
        }
        return services.stream().allMatch(m -> m.growthMb() < aimMb);
    }

    static final long MB = 1024L * 1024;
    static final int SAMPLE_MILLIS = 20;
    static final int JVM_SCRAPE_MILLIS = 250;
    /** The wait for thumbnails ends early once none has come for this long (the sweep retries only after a minute). */
    static final int SETTLE_STALL_SECONDS = 15;

    static final double MEMORY_AIM_MB = 64;
    static final String TIMER = "staffchat_thumbnails_upload_to_ready_seconds";
    /** The processes the aim is about, by their pid file names under {@code .run/pids}. */
    static final List<String> SERVICES = List.of("gateway", "attachment-service");

    private final Settings settings;
    private final HttpClient http;
    private final GatewayApi api;
    private final ExecutorService httpThreads;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    /** Every upload's id and uploader, for the clean-up. */
    private final Map<String, Long> uploadedBy = new ConcurrentHashMap<>();
    /** Upload answered (201), by attachment id: System.nanoTime(). */
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    /** Thumbnail announced ({@code attachment-updated} with {@code thumbnail.available}), by attachment id. */
    private final Map<String, Long> announcedAt = new ConcurrentHashMap<>();
    /** The large files' ids: no thumbnail is awaited for them. */
    private final java.util.Set<String> largeIds = ConcurrentHashMap.newKeySet();

    private final AtomicLong uploadNumber = new AtomicLong();

    AttachmentBench(Settings settings) {
        this.settings = settings;
        this.httpThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-files-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpThreads)
                .build();
        this.api = new GatewayApi(
                http,
                settings.gateway(),
                settings.jwtSecret(),
                settings.hotel(),
                Duration.ofSeconds(settings.requestTimeoutSeconds()));
    }

    Result run() throws Exception {
        Path scratch = Files.createTempDirectory("staffchat-bench-files");
        PusherSubscriber subscriber = null;
        try {
            System.out.printf(
                    "Attachments (%s): hotel %s, %d uploaders in one group...%n",
                    settings.gateway(), settings.hotel(), settings.uploaders());
            api.seedStaff(settings.uploaders());
            List<Long> others = new ArrayList<>();
            for (long id = 2; id <= settings.uploaders(); id++) {
                others.add(id);
            }
            long conversation = api.createConversation(1, false, others, "bench files");
            String channel = "private-" + settings.hotel() + "-staff-conversation-" + conversation;
            subscriber = PusherSubscriber.connect(http, settings.realtime(), 0, this::onConversationEvent)
                    .get(30, TimeUnit.SECONDS);
            PusherSubscriber s = subscriber;
            api.channelAuth(1, s.socketId(), channel)
                    .thenCompose(auth -> s.subscribe(channel, auth))
                    .get(30, TimeUnit.SECONDS);

            byte[] png = randomPng(591, 591, new Random(19));
            Path large = scratch.resolve("bench-" + settings.largeMegabytes() + "mb.mp4");
            writeMp4(large, settings.largeMegabytes() * MB, new Random(1919));
            long largeBytes = Files.size(large);
            System.out.printf(
                    "  files: a %,d-byte PNG of random pixels, a %,d-byte MP4 (%s)%n", png.length, largeBytes, large);

            if (settings.warmupSeconds() > 0) {
                System.out.printf(
                        "  warm-up: 1 MB images, %d at a time for %d s (not measured)%n",
                        settings.concurrency(), settings.warmupSeconds());
                closedLoop("warm-up", conversation, png, settings.concurrency(), settings.warmupSeconds(), null);
            }
            settle();
            List<Phase> phases = new ArrayList<>();
            PrometheusScrape loadBefore = scrape();
            List<String> loadIds = Collections.synchronizedList(new ArrayList<>());
            phases.add(closedLoop("1 MB, one at a time", conversation, png, 1, settings.seconds(), loadIds));
            phases.add(closedLoop(
                    "1 MB, " + settings.concurrency() + " at a time",
                    conversation,
                    png,
                    settings.concurrency(),
                    settings.seconds(),
                    loadIds));
            settle();
            ThumbnailReady underLoad =
                    thumbnails("1 MB images of the two phases above", List.copyOf(loadIds), loadBefore, scrape());

            PrometheusScrape pacedBefore = scrape();
            List<String> pacedIds = paced(conversation, png);
            settle();
            ThumbnailReady paced = thumbnails(
                    settings.paced() + " 1 MB images, two a second (no backlog)", pacedIds, pacedBefore, scrape());

            LargeUploads largeUploads = largeUploads(conversation, large, largeBytes);
            phases.add(largeUploads.phase());

            long[] removed = removeAll();
            Result result = new Result(
                    settings.hotel(),
                    conversation,
                    settings.uploaders(),
                    "PNG 591 x 591, random pixels",
                    png.length,
                    "MP4 (ftyp mp42 + mdat of random bytes)",
                    largeBytes,
                    List.copyOf(phases),
                    largeUploads.memory(),
                    MEMORY_AIM_MB,
                    streamingShown(largeUploads.memory(), MEMORY_AIM_MB),
                    paced,
                    underLoad,
                    removed[0],
                    removed[1],
                    List.copyOf(notes));
            Boolean streaming = result.streamingShown();
            for (Memory m : largeUploads.memory()) {
                System.out.printf(
                        "  %-28s RSS %,d MB before, peak %,d MB sampled (+%.1f MB), VmHWM +%.1f MB%s%n",
                        m.process(),
                        m.baselineRssKb() / 1024,
                        m.peakSampledRssKb() / 1024,
                        m.sampledGrowthMb(),
                        m.hwmGrowthMb(),
                        m.hwmReset() ? "" : " (VmHWM not reset: growth over the earlier peak)");
            }
            System.out.println("  streaming shown (growth under " + (int) MEMORY_AIM_MB + " MB): "
                    + (streaming == null ? "not measured (no pid files)" : streaming ? "yes" : "no"));
            return result;
        } finally {
            if (subscriber != null) {
                subscriber.close();
            }
            try (var files = Files.list(scratch)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(scratch);
            httpThreads.shutdownNow();
        }
    }

    private void onConversationEvent(String channel, String event, JsonNode data, long receivedNanos) {
        if ("attachment-updated".equals(event)
                && data.path("thumbnail").path("available").asBoolean(false)) {
            announcedAt.putIfAbsent(data.path("attachmentId").asString(""), receivedNanos);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the phases

    /** {@code concurrency} loops, each uploading {@code file} and waiting for the answer, for {@code seconds}. */
    private Phase closedLoop(
            String name, long conversation, byte[] file, int concurrency, int seconds, List<String> ids)
            throws Exception {
        Histogram nanos = Latency.histogram();
        Map<String, Long> errors = new TreeMap<>();
        AtomicLong uploaded = new AtomicLong();
        List<ProcessUsage.Reading> procBefore = ProcessUsage.read(settings.pidDir());
        long cpuBefore = Latency.processCpuNanos();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        Duration timeout = Duration.ofSeconds(settings.requestTimeoutSeconds());
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = thread("bench-upload-" + i, () -> {
                while (System.nanoTime() < end) {
                    upload(
                            conversation,
                            "bench.png",
                            "image/png",
                            HttpRequest.BodyPublishers.ofByteArray(file),
                            timeout,
                            nanos,
                            errors,
                            uploaded,
                            ids);
                }
            });
            loops.add(t);
        }
        for (Thread t : loops) {
            t.join();
        }
        long wall = System.nanoTime() - start;
        return phase(
                name,
                "1 MB PNG",
                file.length,
                concurrency,
                wall,
                uploaded.get(),
                errors,
                nanos,
                Latency.cpuPercent(cpuBefore, Latency.processCpuNanos(), wall),
                ProcessUsage.between(procBefore, ProcessUsage.read(settings.pidDir()), wall));
    }

    /** One upload, waited for: its latency (2xx only) or its error counted. */
    private void upload(
            long conversation,
            String fileName,
            String contentType,
            HttpRequest.BodyPublisher content,
            Duration timeout,
            Histogram nanos,
            Map<String, Long> errors,
            AtomicLong uploaded,
            List<String> ids) {
        long uploader = 1 + uploadNumber.getAndIncrement() % settings.uploaders();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = api.upload(uploader, conversation, fileName, contentType, content, timeout)
                    .get();
            long now = System.nanoTime();
            if (r.statusCode() == 201) {
                String id = GatewayApi.uploadedId(r.body());
                answeredAt.put(id, now);
                uploadedBy.put(id, uploader);
                if (ids != null) {
                    ids.add(id);
                }
                synchronized (nanos) {
                    nanos.recordValue(Math.min(now - t0, nanos.getHighestTrackableValue()));
                }
                uploaded.incrementAndGet();
            } else {
                count(errors, GatewayApi.outcome(r.statusCode(), r.body()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(errors, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            count(
                    errors,
                    e.getCause() == null ? "error" : e.getCause().getClass().getSimpleName());
        } catch (RuntimeException e) {
            count(errors, e.getClass().getSimpleName());
        }
    }

    private static void count(Map<String, Long> errors, String outcome) {
        synchronized (errors) {
            errors.merge(outcome, 1L, Long::sum);
        }
    }

    private Phase phase(
            String name,
            String file,
            long fileBytes,
            int concurrency,
            long wallNanos,
            long uploaded,
            Map<String, Long> errors,
            Histogram nanos,
            double generatorCpu,
            List<ProcessUsage.Load> processes) {
        double seconds = wallNanos / 1e9;
        Phase p = new Phase(
                name,
                file,
                fileBytes,
                concurrency,
                Math.round(seconds * 10) / 10.0,
                uploaded,
                Map.copyOf(errors),
                round1(uploaded * (double) fileBytes / MB / seconds),
                round1(uploaded / seconds),
                Latency.of(nanos),
                generatorCpu,
                processes);
        System.out.printf(
                "  %-24s %,d uploads in %.1f s: %.1f MB/s, %.1f uploads/s, p50 %.1f ms, p99 %.1f ms, errors %s%n",
                name,
                uploaded,
                seconds,
                p.megabytesPerSecond(),
                p.uploadsPerSecond(),
                p.latency().p50(),
                p.latency().p99(),
                errors.isEmpty() ? "none" : errors);
        return p;
    }

    /** {@code paced} uploads, one every 500 ms, not waiting for each other; their ids. */
    private List<String> paced(long conversation, byte[] file) throws Exception {
        System.out.printf("  thumbnails: %d images, two a second...%n", settings.paced());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> errors = new TreeMap<>();
        List<Thread> uploads = new ArrayList<>();
        Histogram ignored = Latency.histogram();
        AtomicLong uploaded = new AtomicLong();
        Duration timeout = Duration.ofSeconds(settings.requestTimeoutSeconds());
        long start = System.nanoTime();
        for (int i = 0; i < settings.paced(); i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(500L * i);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            uploads.add(thread(
                    "bench-paced",
                    () -> upload(
                            conversation,
                            "bench.png",
                            "image/png",
                            HttpRequest.BodyPublishers.ofByteArray(file),
                            timeout,
                            ignored,
                            errors,
                            uploaded,
                            ids)));
        }
        for (Thread t : uploads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            notes.add("paced uploads refused: " + errors);
        }
        return List.copyOf(ids);
    }

    private record LargeUploads(Phase phase, List<Memory> memory) {}

    /** {@code largeFiles} uploads of the large file at once, the services' memory sampled meanwhile. */
    private LargeUploads largeUploads(long conversation, Path large, long largeBytes) throws Exception {
        System.out.printf(
                "  %d files of %d MB at once, memory sampled every %d ms...%n",
                settings.largeFiles(), settings.largeMegabytes(), SAMPLE_MILLIS);
        Map<String, Integer> pids = pids();
        Map<String, long[]> before = new LinkedHashMap<>();
        Map<String, Boolean> reset = new LinkedHashMap<>();
        for (var e : pids.entrySet()) {
            long[] status = rssAndHwm(e.getValue());
            if (status == null) {
                continue;
            }
            before.put(e.getKey(), status);
            reset.put(e.getKey(), resetPeak(e.getValue()));
        }
        Map<String, long[]> afterReset = new LinkedHashMap<>();
        for (var e : before.keySet()) {
            long[] status = rssAndHwm(pids.get(e));
            afterReset.put(e, status == null ? before.get(e) : status);
        }
        // the services' JVM memory by their own metrics: {heap used, heap committed, direct} before, and the highest
        Map<String, double[]> jvmBefore = new LinkedHashMap<>();
        Map<String, double[]> jvmPeak = new ConcurrentHashMap<>();
        settings.prometheus().forEach((name, uri) -> {
            double[] m = jvmMemory(scrape(uri));
            jvmBefore.put(name, m);
            jvmPeak.put(name, m.clone());
        });
        Thread jvmSampler = thread("bench-jvm-sampler", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                settings.prometheus().forEach((name, uri) -> {
                    double[] m = jvmMemory(scrape(uri));
                    double[] peak = jvmPeak.get(name);
                    for (int k = 0; k < m.length; k++) {
                        peak[k] = Double.isNaN(peak[k]) ? m[k] : Math.max(peak[k], Double.isNaN(m[k]) ? peak[k] : m[k]);
                    }
                });
                try {
                    Thread.sleep(JVM_SCRAPE_MILLIS);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });
        Map<String, AtomicLong> peaks = new ConcurrentHashMap<>();
        afterReset.forEach((name, status) -> peaks.put(name, new AtomicLong(status[0])));
        Thread sampler = thread("bench-rss-sampler", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (var e : peaks.entrySet()) {
                    long[] status = rssAndHwm(pids.get(e.getKey()));
                    if (status != null) {
                        e.getValue().accumulateAndGet(status[0], Math::max);
                    }
                }
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });

        Histogram nanos = Latency.histogram();
        Map<String, Long> errors = new TreeMap<>();
        AtomicLong uploaded = new AtomicLong();
        Duration timeout = Duration.ofSeconds(Math.max(300, settings.requestTimeoutSeconds()));
        List<ProcessUsage.Reading> procBefore = ProcessUsage.read(settings.pidDir());
        long cpuBefore = Latency.processCpuNanos();
        long start = System.nanoTime();
        List<Thread> uploads = new ArrayList<>();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < settings.largeFiles(); i++) {
            uploads.add(thread("bench-large-" + i, () -> {
                try {
                    upload(
                            conversation,
                            large.getFileName().toString(),
                            "video/mp4",
                            HttpRequest.BodyPublishers.ofFile(large),
                            timeout,
                            nanos,
                            errors,
                            uploaded,
                            ids);
                } catch (IOException e) {
                    count(errors, e.getClass().getSimpleName());
                }
            }));
        }
        for (Thread t : uploads) {
            t.join();
        }
        long wall = System.nanoTime() - start;
        largeIds.addAll(ids);
        List<ProcessUsage.Reading> procAfter = ProcessUsage.read(settings.pidDir());
        double cpu = Latency.cpuPercent(cpuBefore, Latency.processCpuNanos(), wall);
        Thread.sleep(500); // a last sample or so after the answers
        sampler.interrupt();
        sampler.join();
        jvmSampler.interrupt();
        jvmSampler.join();

        List<Memory> memory = new ArrayList<>();
        for (var e : afterReset.entrySet()) {
            String name = e.getKey();
            long baseline = e.getValue()[0];
            long[] after = rssAndHwm(pids.get(name));
            long hwmAfter = after == null ? e.getValue()[1] : after[1];
            long peak = peaks.get(name).get();
            boolean wasReset = reset.get(name);
            // reset: VmHWM restarted at the baseline; otherwise it only moves past the process's earlier peak
            long hwmGrowthKb = wasReset ? hwmAfter - baseline : hwmAfter - before.get(name)[1];
            memory.add(new Memory(
                    name,
                    baseline,
                    peak,
                    before.get(name)[1],
                    hwmAfter,
                    wasReset,
                    round1((peak - baseline) / 1024.0),
                    round1(Math.max(0, hwmGrowthKb) / 1024.0),
                    jvmBefore.containsKey(name) ? jvm(jvmBefore.get(name), jvmPeak.get(name)) : null));
        }
        if (memory.stream().noneMatch(m -> SERVICES.contains(m.process()))) {
            notes.add("no pid file of gateway or attachment-service under " + settings.pidDir()
                    + ": their memory was not measured");
        }
        Phase phase = phase(
                settings.largeMegabytes() + " MB, " + settings.largeFiles() + " at once",
                settings.largeMegabytes() + " MB MP4",
                largeBytes,
                settings.largeFiles(),
                wall,
                uploaded.get(),
                errors,
                nanos,
                cpu,
                ProcessUsage.between(procBefore, procAfter, wall));
        return new LargeUploads(phase, List.copyOf(memory));
    }

    /** The gateway's, attachment-service's and S3Proxy's pids from their pid files, and this JVM's. */
    private Map<String, Integer> pids() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String name : List.of("gateway", "attachment-service", "s3proxy")) {
            Path f = settings.pidDir().resolve(name + ".pid");
            try {
                String pid = Files.readString(f).replaceAll("\\D", "");
                if (!pid.isEmpty()) {
                    out.put(name, Integer.parseInt(pid));
                }
            } catch (IOException | NumberFormatException e) {
                // not running here: not measured
            }
        }
        out.put("bench JVM (load generator)", (int) ProcessHandle.current().pid());
        return out;
    }

    /** {VmRSS, VmHWM} in kB, or null when the process cannot be read. */
    static long[] rssAndHwm(int pid) {
        try {
            Map<String, Long> status = ProcessUsage.status(Files.readString(Path.of("/proc/" + pid + "/status")));
            return new long[] {status.getOrDefault("VmRSS", 0L), status.getOrDefault("VmHWM", 0L)};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Resets the process's VmHWM to its current RSS ({@code echo 5 > /proc/pid/clear_refs}); false when not allowed. */
    private static boolean resetPeak(int pid) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits (at most {@code settleSeconds}) until every image uploaded so far had its thumbnail announced. */
    private void settle() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(settings.settleSeconds());
        int seen = announcedAt.size();
        long lastProgress = started;
        while (System.nanoTime() < deadline) {
            if (announcedAt.keySet().containsAll(imageIds())) {
                return;
            }
            if (announcedAt.size() != seen) {
                seen = announcedAt.size();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(SETTLE_STALL_SECONDS)) {
                break;
            }
            Thread.sleep(100);
        }
        long missing =
                imageIds().stream().filter(id -> !announcedAt.containsKey(id)).count();
        notes.add(missing + " thumbnails not announced after " + Math.round((System.nanoTime() - started) / 1e9)
                + " s of waiting (the wait ends after " + SETTLE_STALL_SECONDS + " s without a new one)");
    }

    /** The ids of the images (every upload so far but the large files, which have no thumbnail). */
    private List<String> imageIds() {
        return answeredAt.keySet().stream().filter(id -> !largeIds.contains(id)).toList();
    }

    private ThumbnailReady thumbnails(String name, List<String> ids, PrometheusScrape before, PrometheusScrape after) {
        Histogram nanos = Latency.histogram();
        long announced = 0;
        for (String id : ids) {
            Long answered = answeredAt.get(id);
            Long at = announcedAt.get(id);
            if (answered != null && at != null) {
                announced++;
                nanos.recordValue(Math.min(Math.max(at - answered, 1000), nanos.getHighestTrackableValue()));
            }
        }
        List<TimerDelta> timer = TimerDelta.between(before, after, TIMER, null);
        long count = timer.isEmpty() ? 0 : timer.get(0).count();
        double mean = timer.isEmpty() ? Double.NaN : round1(timer.get(0).meanMillis());
        ThumbnailReady t = new ThumbnailReady(
                name,
                ids.size(),
                announced,
                Latency.of(nanos),
                count,
                mean,
                quantile(after, "0.5"),
                quantile(after, "0.99"),
                outcomes(before, after));
        System.out.printf(
                "  thumbnails of %s: %d of %d announced, answer to attachment-updated p50 %.1f ms, p99 %.1f ms;"
                        + " service timer %d recorded, mean %.1f ms; thumbnail outcomes %s%n",
                name,
                announced,
                ids.size(),
                t.answerToAnnounced().p50(),
                t.answerToAnnounced().p99(),
                count,
                mean,
                t.serviceOutcomes());
        return t;
    }

    /** {heap used, heap committed, direct buffers} in bytes from one scrape (NaN where missing). */
    static double[] jvmMemory(PrometheusScrape scrape) {
        return new double[] {
            sum(scrape, "jvm_memory_used_bytes", "area", "heap"),
            sum(scrape, "jvm_memory_committed_bytes", "area", "heap"),
            sum(scrape, "jvm_buffer_memory_used_bytes", "id", "direct")
        };
    }

    private static double sum(PrometheusScrape scrape, String name, String label, String value) {
        var samples = scrape.named(name).stream()
                .filter(s -> value.equals(s.labels().get(label)))
                .toList();
        return samples.isEmpty()
                ? Double.NaN
                : samples.stream().mapToDouble(PrometheusScrape.Sample::value).sum();
    }

    static Jvm jvm(double[] before, double[] peak) {
        return new Jvm(mb(before[0]), mb(peak[0]), mb(before[1]), mb(peak[1]), mb(before[2]), mb(peak[2]));
    }

    private static double mb(double bytes) {
        return round1(bytes / MB);
    }

    /** {@code staffchat_thumbnails_total} between two scrapes, by {@code outcome} (ready, failed, none, retry). */
    static Map<String, Long> outcomes(PrometheusScrape before, PrometheusScrape after) {
        Map<String, Long> out = new TreeMap<>();
        for (var s : after.named("staffchat_thumbnails_total")) {
            out.merge(s.labels().getOrDefault("outcome", ""), Math.round(s.value()), Long::sum);
        }
        for (var s : before.named("staffchat_thumbnails_total")) {
            out.computeIfPresent(s.labels().getOrDefault("outcome", ""), (k, v) -> v - Math.round(s.value()));
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    /** The timer's {@code quantile} gauge in ms (NaN when not published). */
    static double quantile(PrometheusScrape scrape, String quantile) {
        return scrape.named(TIMER).stream()
                .filter(s -> quantile.equals(s.labels().get("quantile")))
                .mapToDouble(s -> round1(s.value() * 1000))
                .findFirst()
                .orElse(Double.NaN);
    }

    private PrometheusScrape scrape() {
        URI uri = settings.prometheus().get("attachment-service");
        return uri == null ? PrometheusScrape.empty() : scrape(uri);
    }

    private PrometheusScrape scrape(URI uri) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return PrometheusScrape.parse(r.body());
            }
            notes.add(uri + " answered " + r.statusCode());
        } catch (IOException e) {
            notes.add(uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return PrometheusScrape.empty();
    }

    /** Deletes every upload of the step as its uploader, four at a time: {removed, failed}. */
    private long[] removeAll() throws InterruptedException {
        Semaphore concurrent = new Semaphore(4);
        AtomicLong removed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (var e : uploadedBy.entrySet()) {
            concurrent.acquire();
            all.add(api.delete(e.getValue(), "/api/v1/attachments/" + e.getKey())
                    .handle((status, error) -> {
                        (error == null && status == 204 ? removed : failed).incrementAndGet();
                        concurrent.release();
                        return null;
                    }));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            notes.add("the clean-up did not end: " + e);
        }
        System.out.printf("  removed %,d uploads (%d not)%n", removed.get(), failed.get());
        return new long[] {removed.get(), failed.get()};
    }

    // ---------------------------------------------------------------------------------------------
    // the files

    /** A PNG of random RGB pixels: incompressible, so about width × height × 3 bytes. */
    static byte[] randomPng(int width, int height, Random random) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height * 3 + 4096);
        if (!ImageIO.write(image, "png", out)) {
            throw new IllegalStateException("no PNG writer in this JDK");
        }
        return out.toByteArray();
    }

    /**
     * Writes an MP4 container of exactly {@code bytes}: an {@code ftyp} box (major brand {@code mp42}, which Tika
     * detects as {@code video/mp4}), then one {@code mdat} box of random bytes to the end.
     */
    static void writeMp4(Path file, long bytes, Random random) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(32);
        head.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII));
        head.put("mp42".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        head.put("mp42".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII));
        long mdat = bytes - 24;
        if (mdat < 8 || mdat > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("an MP4 of " + bytes + " bytes cannot be written with a 32-bit mdat");
        }
        head.putInt((int) mdat).put("mdat".getBytes(StandardCharsets.US_ASCII));
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head.array(), 0, 32);
            byte[] chunk = new byte[1 << 20];
            long left = bytes - 32;
            while (left > 0) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    /** A started daemon thread (Java 17: no thread builders). */
    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}

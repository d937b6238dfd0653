package com.staffchat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * Steps 2, 3 and the per-hop part of 4 of issue 15: the running system ({@code ./chat up}) through
 * the gateway with real tokens, open loop, with a Pusher subscriber on every conversation. A bench
 * hotel of its own is seeded; nothing of other hotels is touched.
 *
 * <p>The open loop: one thread schedules every send at its intended time (rate × elapsed time)
 * and hands it to the JDK's asynchronous HTTP client; latency is measured from the intended time,
 * so a server that falls behind shows as latency (no coordinated omission). Sends beyond
 * {@code maxInFlight} unanswered ones are not made and count as errors, so an overloaded system
 * cannot make the generator open thousands of sockets.
 */
final class SystemBench {

    record Settings(
            URI gateway,
            URI realtime,
            Map<String, URI> prometheus,
            Path pidDir,
            String jwtSecret,
            String hotel,
            int staff,
            int conversations,
            List<Integer> rates,
            int stepSeconds,
            int warmupSeconds,
            int idleRate,
            int idleSeconds,
            int drainSeconds,
            int settleSeconds,
            int busyRate,
            int busySeconds,
            int busyMembers,
            int fanOutMembers,
            int fanOutRepeats,
            int maxConnectionsPerAddress,
            int maxInFlight,
            int requestTimeoutSeconds,
            boolean ownChannels) {}

    /** One measured step of sends. */
    record Step(
            String name,
            int askedRate,
            int seconds,
            double achievedRate,
            long sent,
            long acknowledged,
            Latency send,
            Map<String, Long> errors,
            long delivered,
            long lost,
            long lostArrivedLater,
            long duplicated,
            Latency newMessage,
            List<ProcessUsage.Load> processes,
            double generatorCpuPercent,
            Map<String, List<TimerDelta>> timers,
            Map<String, String> scrapeFailures,
            String verdict,
            boolean holds) {

        Step withLostArrivedLater(long n) {
            return new Step(
                    name,
                    askedRate,
                    seconds,
                    achievedRate,
                    sent,
                    acknowledged,
                    send,
                    errors,
                    delivered,
                    lost,
                    n,
                    duplicated,
                    newMessage,
                    processes,
                    generatorCpuPercent,
                    timers,
                    scrapeFailures,
                    verdict,
                    holds);
        }
    }

    /** Step 3's busy conversation: the step plus the order its subscriber saw. */
    record Busy(int members, Step step, long gaps, long outOfOrder) {}

    /** Step 3's fan-out. */
    record FanOut(
            int members,
            long createMillis,
            int connections,
            int subscribed,
            List<String> subscribeFailures,
            long subscribeMillis,
            List<Double> lastMemberMillis,
            double lastMemberP50,
            double lastMemberMax,
            long missing,
            Map<String, List<TimerDelta>> timers) {}

    record Result(
            String hotel,
            String gateway,
            int staff,
            int directConversations,
            int groupConversations,
            int groupMin,
            int groupMax,
            int subscriberConnections,
            long setupMillis,
            int warmupSeconds,
            int drainSeconds,
            Step idle,
            List<Step> steps,
            String stoppedEarly,
            Integer highestRateHoldingTargets,
            Double ratioToPostgres,
            Busy busy,
            FanOut fanOut,
            long unknownDeliveries,
            List<String> notes) {}

    /** Timers read from every service's Prometheus endpoint: name and the tag that splits it. */
    static final Map<String, String> TIMERS = Map.of(
            "staffchat_pipeline_hop_seconds", "hop",
            "staffchat_realtime_delivery_latency_seconds", "");

    private record Conversation(long id, String channel, List<Long> members) {}

    /** Who sends the k-th message of a step, and where. */
    private record Send(Conversation conversation, long sender) {}

    /** The ledger's step number of the busy conversation (the stepped rates are 1, 2, ...; idle is 0). */
    private static final int BUSY_STEP = 1000;

    private final Settings settings;
    private final HttpClient http;
    private final GatewayApi api;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong messageNumber = new AtomicLong();
    /** Events received on people's own channels ({@code --own-channels}), by event name. */
    private final Map<String, AtomicLong> ownChannelEvents = new ConcurrentHashMap<>();

    private final Set<Long> ownChannelSubscribers = ConcurrentHashMap.newKeySet();
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final List<PusherSubscriber> subscribers = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService httpThreads;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);

    SystemBench(Settings settings) {
        this.settings = settings;
        this.httpThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-http");
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

    Result run(Double postgresRate) throws Exception {
        try {
            return measure(postgresRate);
        } finally {
            closeSubscribers();
            httpThreads.shutdownNow();
        }
    }

    private Result measure(Double postgresRate) throws Exception {
        long setupStart = System.nanoTime();
        int needed = Math.max(settings.fanOutMembers(), settings.conversations() + 60);
        int staff = Math.max(settings.staff(), needed);
        System.out.printf("System (%s): hotel %s, seeding %d staff...%n", settings.gateway(), api.hotel(), staff);
        api.seedStaff(staff);

        Random random = new Random(15);
        int direct = Math.max(1, settings.conversations() * 2 / 5);
        int groups = settings.conversations() - direct;
        List<Long> pool = new ArrayList<>();
        for (long id = 2L * direct + 1; id <= staff; id++) {
            pool.add(id);
        }
        List<List<Long>> layouts = new ArrayList<>();
        for (int i = 0; i < direct; i++) {
            layouts.add(List.of(2L * i + 1, 2L * i + 2));
        }
        int groupMin = 5;
        int groupMax = Math.min(50, pool.size());
        for (int i = 0; i < groups; i++) {
            Collections.shuffle(pool, random);
            layouts.add(List.copyOf(pool.subList(0, groupMin + random.nextInt(groupMax - groupMin + 1))));
        }
        System.out.printf(
                "  creating %d conversations (%d direct, %d groups of %d to %d)...%n",
                layouts.size(), direct, groups, groupMin, groupMax);
        List<Conversation> conversations = createAll(layouts, "bench group");

        System.out.printf("  subscribing one Pusher connection to each conversation (%s)...%n", settings.realtime());
        Map<Long, Conversation> byId = new ConcurrentHashMap<>();
        conversations.forEach(c -> byId.put(c.id(), c));
        subscribeEach(conversations);
        long setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart);
        System.out.printf("  set up in %.1f s%n", setupMillis / 1000.0);

        // the k-th message goes to the next conversation, and each conversation's members send in turn:
        // every caller stays far under the gateway's per-caller limit
        LongFunction<Send> spread = k -> {
            Conversation c = conversations.get((int) (k % conversations.size()));
            return new Send(c, c.members().get((int)
                    ((k / conversations.size()) % c.members().size())));
        };
        if (settings.warmupSeconds() > 0) {
            System.out.printf(
                    "  warm-up: %d/s for %d s (not measured)%n",
                    settings.rates().get(0), settings.warmupSeconds());
            load(-1, settings.rates().get(0), settings.warmupSeconds(), spread);
            drain(-1);
        }

        Step idle = step(0, "idle", settings.idleRate(), settings.idleSeconds(), spread);
        List<Step> steps = new ArrayList<>();
        String stoppedEarly = null;
        for (int i = 0; i < settings.rates().size(); i++) {
            int rate = settings.rates().get(i);
            Step s = step(i + 1, rate + "/s", rate, settings.stepSeconds(), spread);
            steps.add(s);
            StepVerdict v = verdict(s);
            if (v.clearlyFails() && i + 1 < settings.rates().size()) {
                stoppedEarly = "after " + rate + "/s (" + v.text() + "): "
                        + settings.rates().subList(i + 1, settings.rates().size()) + " not run";
                System.out.println("  stopping the steps " + stoppedEarly);
                break;
            }
        }
        Integer highest = null;
        for (Step s : steps) {
            if (s.holds() && (highest == null || s.askedRate() > highest)) {
                highest = s.askedRate();
            }
        }
        Double ratio = highest == null || postgresRate == null || postgresRate <= 0
                ? null
                : Math.round(highest / postgresRate * 1000) / 1000.0;

        settle();
        Busy busy = busy(random, staff);
        closeSubscribers();
        settle();
        FanOut fanOut = fanOut();

        // a message counted lost after its drain window may have come since: say how many
        List<Step> recounted = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            recounted.add(recount(steps.get(i), i + 1));
        }
        idle = recount(idle, 0);
        if (busy != null) {
            busy = new Busy(busy.members(), recount(busy.step(), BUSY_STEP), busy.gaps(), busy.outOfOrder());
        }
        return new Result(
                api.hotel(),
                settings.gateway().toString(),
                staff,
                direct,
                groups,
                groupMin,
                groupMax,
                conversations.size(),
                setupMillis,
                settings.warmupSeconds(),
                settings.drainSeconds(),
                idle,
                recounted,
                stoppedEarly,
                highest,
                ratio,
                busy,
                fanOut,
                ledger.unknownDeliveries(),
                List.copyOf(notes));
    }

    private Step recount(Step s, int step) {
        if (s.lost() == 0) {
            return s;
        }
        long stillLost = ledger.summary(step, Long.MAX_VALUE).lost();
        return s.withLostArrivedLater(s.lost() - stillLost);
    }

    private static StepVerdict verdict(Step s) {
        return StepVerdict.of(
                s.askedRate(),
                s.achievedRate(),
                s.sent(),
                s.errors(),
                s.send().p99(),
                s.newMessage().p99(),
                s.lost(),
                s.duplicated());
    }

    // ---------------------------------------------------------------------------------------------
    // setup

    /** Creates each layout (first member creates, with the others), eight at a time. */
    private List<Conversation> createAll(List<List<Long>> layouts, String title) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Conversation>> futures = new ArrayList<>();
            for (int i = 0; i < layouts.size(); i++) {
                List<Long> members = layouts.get(i);
                String t = title + " " + (i + 1);
                futures.add(pool.submit(() -> create(members, t)));
            }
            List<Conversation> out = new ArrayList<>();
            for (var f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Conversation create(List<Long> members, String title) throws IOException, InterruptedException {
        long id =
                api.createConversation(members.get(0), members.size() == 2, members.subList(1, members.size()), title);
        return new Conversation(id, channel(id), members);
    }

    private String channel(long conversationId) {
        return "private-" + api.hotel() + "-staff-conversation-" + conversationId;
    }

    /** One connection per conversation, subscribed as the conversation's first member. */
    private void subscribeEach(List<Conversation> conversations) throws Exception {
        Semaphore concurrent = new Semaphore(16);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Conversation c : conversations) {
            concurrent.acquire();
            long member = c.members().get(0);
            all.add(connect(this::onNewMessage)
                    .thenCompose(s -> api.channelAuth(member, s.socketId(), c.channel())
                            .thenCompose(auth -> s.subscribe(c.channel(), auth))
                            .thenCompose(ignored -> {
                                // as a client does: the member's own channel beside the open conversation, once a
                                // person
                                if (!settings.ownChannels() || !ownChannelSubscribers.add(member)) {
                                    return CompletableFuture.completedFuture(null);
                                }
                                String own = "private-" + api.hotel() + "-staff-" + member;
                                return api.channelAuth(member, s.socketId(), own)
                                        .thenCompose(auth -> s.subscribe(own, auth));
                            }))
                    .orTimeout(30, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> concurrent.release()));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            long failed = all.stream()
                    .filter(f -> !f.isDone() || f.isCompletedExceptionally())
                    .count();
            throw new IllegalStateException(
                    failed + " of " + conversations.size()
                            + " conversations got no subscriber, so their deliveries could not be counted; the first: "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        }
    }

    private CompletableFuture<PusherSubscriber> connect(PusherSubscriber.Listener listener) {
        return PusherSubscriber.connect(
                        http, settings.realtime(), subscribers.size(), listener, this::onOwnChannelEvent)
                .thenApply(s -> {
                    subscribers.add(s);
                    return s;
                });
    }

    private void onNewMessage(PusherSubscriber subscriber, PusherSubscriber.NewMessage m) {
        ledger.delivered(m.clientId(), m.receivedNanos());
    }

    private void onOwnChannelEvent(String event) {
        ownChannelEvents.computeIfAbsent(event, e -> new AtomicLong()).incrementAndGet();
    }

    private Map<String, Long> ownChannelCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        ownChannelEvents.forEach((event, n) -> counts.put(event, n.get()));
        return counts;
    }

    private void closeSubscribers() {
        List<PusherSubscriber> open;
        synchronized (subscribers) {
            open = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        open.forEach(PusherSubscriber::close);
        for (PusherSubscriber s : open) {
            try {
                s.closed().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the server did not answer the close in time: the socket goes with the JVM
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the open loop

    /** Sends at {@code rate}/s for {@code seconds}, each due at its intended time; returns {start, end} nanos. */
    private long[] load(int step, double rate, double seconds, LongFunction<Send> choose) {
        long total = Math.round(rate * seconds);
        long periodNanos = Math.round(1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long k = messageNumber.getAndIncrement();
            Send send = choose.apply(k);
            sendOne(step, due, send.conversation(), send.sender(), k);
        }
        return new long[] {start, start + total * periodNanos};
    }

    private void sendOne(int step, long due, Conversation c, long sender, long k) {
        String clientId = "b" + runTag + "-" + k;
        ledger.sent(clientId, step, due);
        if (inFlight.get() >= settings.maxInFlight()) {
            ledger.answered(
                    clientId, "not sent: " + settings.maxInFlight() + " already in flight", false, System.nanoTime());
            return;
        }
        inFlight.incrementAndGet();
        api.send(
                        sender,
                        c.id(),
                        "Bench message " + k + " for the " + c.members().size() + " of us",
                        clientId)
                .whenComplete((r, e) -> {
                    long now = System.nanoTime();
                    inFlight.decrementAndGet();
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause()
                                : e;
                        ledger.answered(clientId, cause.getClass().getSimpleName(), false, now);
                    } else {
                        boolean ok = r.statusCode() / 100 == 2;
                        ledger.answered(
                                clientId,
                                ok ? Integer.toString(r.statusCode()) : GatewayApi.outcome(r.statusCode(), r.body()),
                                ok,
                                now);
                    }
                });
    }

    /** Waits for every answer (bounded by the request timeout), then up to the drain window for deliveries. */
    private void drain(int step) throws InterruptedException {
        long answersBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.requestTimeoutSeconds() + 2);
        while (inFlight.get() > 0 && System.nanoTime() < answersBy) {
            Thread.sleep(20);
        }
        long deliveriesBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        while (ledger.undelivered(step) > 0 && System.nanoTime() < deliveriesBy) {
            Thread.sleep(20);
        }
    }

    /** Waits (at most settleSeconds) until every acknowledged message so far was delivered: a backlog from an overloaded step would skew the next measurement. */
    private void settle() throws InterruptedException {
        long by = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.settleSeconds());
        long before = ledger.undelivered();
        while (ledger.undelivered() > 0 && System.nanoTime() < by) {
            Thread.sleep(100);
        }
        if (before > 0) {
            System.out.printf(
                    "  settling: %d acknowledged messages were still undelivered; %d after waiting%n",
                    before, ledger.undelivered());
        }
    }

    private Step step(int number, String name, int rate, int seconds, LongFunction<Send> choose)
            throws InterruptedException {
        Map<String, PrometheusScrape> before = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        scrapeAll(before, failures);
        List<ProcessUsage.Reading> procBefore = ProcessUsage.read(settings.pidDir());
        long wallStart = System.nanoTime();
        Map<String, Long> ownBefore = ownChannelCounts();
        long[] window = load(number, rate, seconds, choose);
        long endOfSends = System.nanoTime();
        List<ProcessUsage.Reading> procAfter = ProcessUsage.read(settings.pidDir());
        List<ProcessUsage.Load> loads = ProcessUsage.between(procBefore, procAfter, endOfSends - wallStart);
        drain(number);
        if (settings.ownChannels()) {
            Map<String, Long> during = new java.util.TreeMap<>();
            ownChannelCounts().forEach((event, n) -> {
                long d = n - ownBefore.getOrDefault(event, 0L);
                if (d > 0) {
                    during.put(event, d);
                }
            });
            String line = String.format(
                    Locale.ROOT,
                    "%s: events received on the %d subscribed own channels: %s",
                    name,
                    ownChannelSubscribers.size(),
                    during);
            notes.add(line);
            System.out.println("  " + line);
        }
        Map<String, PrometheusScrape> after = new LinkedHashMap<>();
        scrapeAll(after, failures);

        DeliveryLedger.Summary s = ledger.summary(number, window[1]);
        double achieved = s.acknowledgedBy() / (double) seconds;
        double generatorCpu = loads.stream()
                .filter(l -> l.name().startsWith("bench JVM"))
                .mapToDouble(ProcessUsage.Load::cpuPercent)
                .findFirst()
                .orElse(-1);
        Map<String, List<TimerDelta>> timers = new LinkedHashMap<>();
        for (String service : settings.prometheus().keySet()) {
            List<TimerDelta> found = new ArrayList<>();
            PrometheusScrape b = before.getOrDefault(service, PrometheusScrape.empty());
            PrometheusScrape a = after.getOrDefault(service, PrometheusScrape.empty());
            TIMERS.forEach((timer, tag) -> found.addAll(TimerDelta.between(b, a, timer, tag.isEmpty() ? null : tag)));
            timers.put(service, found);
        }
        StepVerdict v = StepVerdict.of(
                rate,
                achieved,
                s.sent(),
                s.errors(),
                s.send().p99(),
                s.newMessage().p99(),
                s.lost(),
                s.duplicated());
        Step step = new Step(
                name,
                rate,
                seconds,
                Math.round(achieved * 10) / 10.0,
                s.sent(),
                s.acknowledged(),
                s.send(),
                s.errors(),
                s.delivered(),
                s.lost(),
                0,
                s.duplicated(),
                s.newMessage(),
                loads,
                generatorCpu,
                timers,
                failures,
                v.text(),
                v.holds());
        System.out.printf(
                Locale.ROOT,
                "  %-8s asked %d/s for %d s: achieved %.1f/s, send p50 %s / p99 %s / p99.9 %s ms, errors %s,"
                        + " new-message p50 %s / p99 %s ms, delivered %d, lost %d, dup %d, bench CPU %s %% -> %s%n",
                name,
                rate,
                seconds,
                achieved,
                BenchReport.format(s.send().p50()),
                BenchReport.format(s.send().p99()),
                BenchReport.format(s.send().p999()),
                s.errors(),
                BenchReport.format(s.newMessage().p50()),
                BenchReport.format(s.newMessage().p99()),
                s.delivered(),
                s.lost(),
                s.duplicated(),
                BenchReport.format(generatorCpu),
                v.text());
        return step;
    }

    private void scrapeAll(Map<String, PrometheusScrape> into, Map<String, String> failures) {
        settings.prometheus().forEach((service, uri) -> {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    into.put(service, PrometheusScrape.parse(r.body()));
                } else {
                    failures.put(service, "HTTP " + r.statusCode());
                }
            } catch (IOException e) {
                failures.put(service, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // step 3: one busy conversation, fan-out

    private Busy busy(Random random, int staff) throws Exception {
        List<Long> everyone = new ArrayList<>();
        for (long id = 1; id <= staff; id++) {
            everyone.add(id);
        }
        Collections.shuffle(everyone, random);
        int members = Math.min(settings.busyMembers(), staff);
        Conversation c = create(List.copyOf(everyone.subList(0, members)), "bench busy group");
        Map<Long, Long> lastSeq = new ConcurrentHashMap<>();
        AtomicLong gaps = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong highest = new AtomicLong();
        AtomicLong received = new AtomicLong();
        PusherSubscriber.Listener order = (s, m) -> {
            ledger.delivered(m.clientId(), m.receivedNanos());
            if (m.conversationId() != c.id()) {
                return;
            }
            received.incrementAndGet();
            long previous = lastSeq.getOrDefault(c.id(), 0L);
            if (m.seq() <= previous) {
                outOfOrder.incrementAndGet();
            } else {
                lastSeq.put(c.id(), m.seq());
            }
            highest.accumulateAndGet(m.seq(), Math::max);
        };
        PusherSubscriber s = connect(order).get(30, TimeUnit.SECONDS);
        s.subscribe(
                        c.channel(),
                        api.channelAuth(c.members().get(0), s.socketId(), c.channel())
                                .get(30, TimeUnit.SECONDS))
                .get(30, TimeUnit.SECONDS);
        System.out.printf("  one busy group of %d members (conversation %d), subscribed%n", members, c.id());
        Step step = step(
                BUSY_STEP,
                "busy",
                settings.busyRate(),
                settings.busySeconds(),
                k -> new Send(c, c.members().get((int) (k % c.members().size()))));
        // gaps: seqs between 1 and the highest seen that never arrived (each arrives once at most, else dup)
        long distinct = received.get() - step.duplicated();
        gaps.set(Math.max(0, highest.get() - distinct));
        System.out.printf(
                "  busy group: highest seq %d, received %d, gaps %d, out of order %d%n",
                highest.get(), received.get(), gaps.get(), outOfOrder.get());
        return new Busy(members, step, gaps.get(), outOfOrder.get());
    }

    private FanOut fanOut() throws Exception {
        int members = settings.fanOutMembers();
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= members; id++) {
            ids.add(id);
        }
        Map<String, PrometheusScrape> before = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        scrapeAll(before, failures);
        long t0 = System.nanoTime();
        long id = api.createConversation(1, false, ids.subList(1, ids.size()), "bench fan-out " + members);
        long createMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String channel = channel(id);
        System.out.printf("  fan-out: group of %d created in %d ms (conversation %d)%n", members, createMillis, id);

        // one connection per member, as many as realtime-service allows from one address
        int connections = Math.min(members, settings.maxConnectionsPerAddress());
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        Map<String, Long> lastArrival = new ConcurrentHashMap<>();
        PusherSubscriber.Listener listener = (s, m) -> {
            CountDownLatch latch = m.clientId() == null ? null : waiting.get(m.clientId());
            if (latch != null) {
                lastArrival.merge(m.clientId(), m.receivedNanos(), Math::max);
                latch.countDown();
            }
        };
        List<String> subscribeFailures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger subscribed = new AtomicInteger();
        Semaphore concurrent = new Semaphore(16);
        List<CompletableFuture<?>> all = new ArrayList<>();
        long s0 = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            long member = ids.get(i);
            concurrent.acquire();
            all.add(connect(listener)
                    .thenCompose(s -> api.channelAuth(member, s.socketId(), channel)
                            .thenCompose(auth -> s.subscribe(channel, auth)))
                    .orTimeout(30, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> {
                        concurrent.release();
                        if (e == null) {
                            subscribed.incrementAndGet();
                        } else if (subscribeFailures.size() < 5) {
                            subscribeFailures.add("member " + member + ": " + e);
                        }
                    }));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            // counted per connection above
        }
        long subscribeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
        System.out.printf(
                "  fan-out: %d of %d connections subscribed in %d ms%n",
                subscribed.get(), connections, subscribeMillis);

        List<Double> lastMember = new ArrayList<>();
        long missing = 0;
        Histogram h = Latency.histogram();
        for (int r = 0; r < settings.fanOutRepeats(); r++) {
            String clientId = "f" + runTag + "-" + r;
            CountDownLatch latch = new CountDownLatch(subscribed.get());
            waiting.put(clientId, latch);
            long sent = System.nanoTime();
            var answer = api.send(
                            1 + r % Math.max(1, members), id, "Fan-out message " + r + " to all " + members, clientId)
                    .get(settings.requestTimeoutSeconds() + 5L, TimeUnit.SECONDS);
            boolean all500 = latch.await(10, TimeUnit.SECONDS);
            if (!all500 || answer.statusCode() / 100 != 2) {
                missing += latch.getCount();
                System.out.printf(
                        "  fan-out message %d: answered %d, %d members had it after 10 s, %d not%n",
                        r, answer.statusCode(), subscribed.get() - latch.getCount(), latch.getCount());
            } else {
                double ms = (lastArrival.get(clientId) - sent) / 1e6;
                lastMember.add(Math.round(ms * 100) / 100.0);
                h.recordValue(Math.max(1000, lastArrival.get(clientId) - sent));
            }
            Thread.sleep(500);
        }
        Map<String, PrometheusScrape> after = new LinkedHashMap<>();
        scrapeAll(after, failures);
        Map<String, List<TimerDelta>> timers = new LinkedHashMap<>();
        for (String service : settings.prometheus().keySet()) {
            List<TimerDelta> found = new ArrayList<>();
            PrometheusScrape b = before.getOrDefault(service, PrometheusScrape.empty());
            PrometheusScrape a = after.getOrDefault(service, PrometheusScrape.empty());
            TIMERS.forEach((timer, tag) -> found.addAll(TimerDelta.between(b, a, timer, tag.isEmpty() ? null : tag)));
            timers.put(service, found);
        }
        Latency l = Latency.of(h);
        System.out.printf(
                "  fan-out: last of %d members had it after p50 %s ms, max %s ms (%s)%n",
                subscribed.get(), BenchReport.format(l.p50()), BenchReport.format(l.max()), lastMember);
        closeSubscribers();
        return new FanOut(
                members,
                createMillis,
                connections,
                subscribed.get(),
                List.copyOf(subscribeFailures),
                subscribeMillis,
                lastMember,
                l.p50(),
                l.max(),
                missing,
                timers);
    }
}

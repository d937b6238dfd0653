package com.staffchat.support.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Who is deactivated, per hotel: one Redis set per hotel ({@code staffchat:deactivated:{hotel}}, staff
 * ids as members). message-service, the staff directory's owner, writes it in the transaction that
 * changes the directory and rebuilds it from its table at start and every minute.
 *
 * <p>Every HTTP service (and the gateway) answers {@link #contains} from a local mirror of all the
 * sets, so the check costs no Redis round trip per request. Each write goes through a Lua script
 * that changes the set, counts up {@code staffchat:deactivated-version} and publishes the change on
 * {@code staffchat:deactivated-changes} in one step; every mirror applies it as it arrives (well under
 * a millisecond on one machine), and the writer returns only once its own mirror has it. The mirror
 * is reloaded whole (one script, atomic) when it subscribes, when a change's version skips one,
 * after a rebuild, and whenever a check of the version every {@code check-interval} disagrees. The
 * mirror counts as current only while that check has agreed within {@code max-staleness}; when it
 * is not current, or has seen a gap, {@link #contains} errors and callers refuse the request (503).
 * So a deactivation takes effect at once while Redis is healthy, and within {@code check-interval}
 * even if a published change were lost.
 */
public class DeactivatedStaff implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeactivatedStaff.class);

    static final String PREFIX = "staffchat:deactivated:";
    static final String VERSION = "staffchat:deactivated-version";
    static final String CHANGES = "staffchat:deactivated-changes";

    /** How long a writer waits for its own mirror to show its change before it asks for a reload. */
    static final Duration OWN_WRITE_VISIBLE = Duration.ofSeconds(2);

    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(5);

    /** Changes a set, counts the version up and publishes {@code "<version> <+|-> <hotel> <id,id>"}. */
    private static final RedisScript<Long> CHANGE = RedisScript.of("""
            local ids = {}
            for i = 4, #ARGV do ids[#ids + 1] = ARGV[i] end
            if ARGV[1] == '+' then
              redis.call('SADD', KEYS[1], unpack(ids))
            else
              redis.call('SREM', KEYS[1], unpack(ids))
            end
            local version = redis.call('INCR', KEYS[2])
            redis.call('PUBLISH', ARGV[2], version .. ' ' .. ARGV[1] .. ' ' .. ARGV[3] .. ' ' .. table.concat(ids, ','))
            return version
            """, Long.class);

    /** After a wholesale rewrite: counts the version up and publishes {@code "<version> *"} (reload). */
    private static final RedisScript<Long> REWRITTEN = RedisScript.of("""
            local version = redis.call('INCR', KEYS[1])
            redis.call('PUBLISH', ARGV[1], version .. ' *')
            return version
            """, Long.class);

    /** The version and every hotel's set, read atomically: {@code "<version>\n<hotel> <id,id>\n..."}. */
    private static final RedisScript<String> SNAPSHOT = RedisScript.of("""
            local lines = {redis.call('GET', KEYS[1]) or '0'}
            local cursor = '0'
            repeat
              local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1] .. '*', 'COUNT', 1000)
              cursor = page[1]
              for _, key in ipairs(page[2]) do
                if string.sub(key, -8) ~= ':rebuild' and redis.call('TYPE', key).ok == 'set' then
                  lines[#lines + 1] = string.sub(key, #ARGV[1] + 1) .. ' ' .. table.concat(redis.call('SMEMBERS', key), ',')
                end
              end
            until cursor == '0'
            return table.concat(lines, '\\n')
            """, String.class);

    private final ReactiveRedisConnectionFactory connections;
    private final ReactiveStringRedisTemplate redis;
    private final Duration checkInterval;
    private final long maxStalenessNanos;

    private final Object lock = new Object();
    // guarded by lock
    private long applied = -1;
    private boolean loading;
    private boolean reloadWanted;
    private final List<Change> held = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    /** hotel → deactivated ids; replaced whole on every change (changes are rare, reads are not). */
    private volatile Map<String, Set<Long>> byHotel = Map.of();

    private volatile boolean subscribed;
    private volatile boolean gap;
    private volatile boolean confirmed;
    private volatile long confirmedAt;
    private volatile boolean reportedCurrent;
    private volatile CountDownLatch firstOutcome = new CountDownLatch(1);
    private volatile boolean running;
    private Disposable subscription;
    private Disposable checks;

    public DeactivatedStaff(ReactiveRedisConnectionFactory connections, SecurityProperties.Deactivation settings) {
        this.connections = connections;
        this.redis = new ReactiveStringRedisTemplate(connections);
        this.checkInterval = settings.checkInterval();
        this.maxStalenessNanos = settings.maxStaleness().toNanos();
    }

    static String key(String hotel) {
        return PREFIX + hotel;
    }

    /**
     * Whether the person is deactivated, from the local mirror; errors when the mirror is not known
     * to be current (callers refuse the request then).
     */
    public Mono<Boolean> contains(String hotel, long staffId) {
        if (!isCurrent()) {
            return Mono.error(new IllegalStateException("the deactivated-staff mirror is not known to be current"));
        }
        Set<Long> ids = byHotel.get(hotel);
        return Mono.just(ids != null && ids.contains(staffId));
    }

    /** Whether the mirror has been confirmed against Redis within {@code max-staleness} and has seen no gap. */
    public boolean isCurrent() {
        return subscribed && confirmed && !gap && System.nanoTime() - confirmedAt <= maxStalenessNanos;
    }

    public Mono<Void> deactivate(String hotel, Collection<Long> staffIds) {
        return change('+', hotel, staffIds);
    }

    public Mono<Void> reactivate(String hotel, Collection<Long> staffIds) {
        return change('-', hotel, staffIds);
    }

    private Mono<Void> change(char op, String hotel, Collection<Long> staffIds) {
        if (staffIds.isEmpty()) {
            return Mono.empty();
        }
        List<String> args = new ArrayList<>(staffIds.size() + 3);
        args.add(String.valueOf(op));
        args.add(CHANGES);
        args.add(hotel);
        staffIds.forEach(id -> args.add(Long.toString(id)));
        return redis.execute(CHANGE, List.of(key(hotel), VERSION), args).next().flatMap(this::awaitApplied);
    }

    /**
     * Makes Redis say exactly {@code byHotel}: each hotel's set is written under a temporary key and
     * renamed over the old one (atomic), hotels no longer listed lose their set; then every mirror
     * is told to reload.
     */
    public Mono<Void> replaceAll(Map<String, Set<Long>> byHotel) {
        Set<String> wanted = new HashSet<>();
        byHotel.keySet().forEach(h -> wanted.add(key(h)));
        Mono<Void> stale = redis.scan(
                        ScanOptions.scanOptions().match(PREFIX + "*").count(500).build())
                .filter(k -> !wanted.contains(k) && !k.endsWith(":rebuild"))
                .concatMap(redis::delete)
                .then();
        Mono<Void> write = Flux.fromIterable(byHotel.entrySet())
                .filter(e -> !e.getValue().isEmpty())
                .concatMap(e -> {
                    String tmp = key(e.getKey()) + ":rebuild";
                    return redis.delete(tmp)
                            .then(redis.opsForSet()
                                    .add(
                                            tmp,
                                            e.getValue().stream()
                                                    .map(String::valueOf)
                                                    .toArray(String[]::new)))
                            .then(redis.rename(tmp, key(e.getKey())));
                })
                .then();
        Mono<Void> announce = redis.execute(REWRITTEN, List.of(VERSION), List.of(CHANGES))
                .next()
                .flatMap(this::awaitApplied);
        return write.then(stale).then(announce);
    }

    // ---- the mirror

    /** Started after the Redis connection factory (phase 0) and stopped before it. */
    @Override
    public int getPhase() {
        return 100;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void start() {
        firstOutcome = new CountDownLatch(1);
        running = true;
        ChannelTopic topic = ChannelTopic.of(CHANGES);
        subscription = Flux.usingWhen(
                        Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(connections)),
                        container -> container
                                .receiveLater(topic)
                                .doOnNext(messages -> onSubscribed())
                                .flatMapMany(messages -> messages)
                                .map(ReactiveSubscription.Message::getMessage),
                        ReactiveRedisMessageListenerContainer::destroyLater)
                .doOnNext(this::onMessage)
                .doOnError(this::onSubscriptionLost)
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, RESUBSCRIBE_AFTER))
                .subscribe();
        checks = Flux.interval(checkInterval, checkInterval)
                .onBackpressureDrop()
                .concatMap(t -> check())
                .subscribe();
        // a service answers 503 until its mirror is current; wait briefly so it rarely has to
        try {
            if (!firstOutcome.await(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "The deactivated-staff mirror is not loaded yet; authenticated requests answer 503 until it is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        subscribed = false;
        confirmed = false;
        if (checks != null) {
            checks.dispose();
        }
        if (subscription != null) {
            subscription.dispose();
        }
    }

    private void onSubscribed() {
        subscribed = true;
        reload().subscribe();
    }

    private void onSubscriptionLost(Throwable e) {
        subscribed = false;
        firstOutcome.countDown();
        report();
        log.warn("Deactivated-staff changes: subscription lost, resubscribing: {}", e.toString());
    }

    private void onMessage(String text) {
        Change change = Change.parse(text);
        if (change == null) {
            log.warn("Ignoring a malformed deactivated-staff change: {}", text);
            return;
        }
        synchronized (lock) {
            if (loading) {
                held.add(change);
            } else {
                applyLocked(change);
            }
        }
    }

    private void applyLocked(Change change) {
        if (applied < 0 || change.version() <= applied) {
            return; // before the first snapshot (which holds it) or already in the snapshot
        }
        if (change.version() != applied + 1) {
            log.warn(
                    "Deactivated-staff change {} arrived after {}: some were missed; refusing until reloaded",
                    change.version(),
                    applied);
            gap = true;
            reloadWanted = true;
            reload().subscribe();
            return;
        }
        if (change.op() == '*') {
            // the sets were rewritten wholesale: keep answering from what we have while reloading
            reloadWanted = true;
            reload().subscribe();
            return;
        }
        Map<String, Set<Long>> next = new HashMap<>(byHotel);
        Set<Long> ids = new HashSet<>(next.getOrDefault(change.hotel(), Set.of()));
        if (change.op() == '+') {
            ids.addAll(change.staffIds());
        } else {
            ids.removeAll(change.staffIds());
        }
        if (ids.isEmpty()) {
            next.remove(change.hotel());
        } else {
            next.put(change.hotel(), Set.copyOf(ids));
        }
        byHotel = next;
        applied = change.version();
        releaseWaitersLocked();
    }

    /** Reads every set and the version in one script and installs them; changes arriving meanwhile are held. */
    private Mono<Void> reload() {
        synchronized (lock) {
            if (loading) {
                return Mono.empty();
            }
            loading = true;
        }
        long sentAt = System.nanoTime();
        // off Lettuce's event loop: a first use of the shared connection may wait for it to connect
        return Mono.defer(() -> redis.execute(SNAPSHOT, List.of(VERSION), List.of(PREFIX))
                        .next())
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(5))
                .doOnNext(snapshot -> install(snapshot, sentAt))
                .doOnError(e -> {
                    synchronized (lock) {
                        loading = false;
                        reloadWanted = true;
                        held.clear();
                    }
                    firstOutcome.countDown();
                    log.warn("Could not load the deactivated-staff sets from Redis: {}", e.toString());
                })
                .doOnCancel(() -> {
                    synchronized (lock) {
                        loading = false;
                        reloadWanted = true;
                    }
                })
                .onErrorComplete()
                .then();
    }

    private void install(String snapshot, long sentAt) {
        String[] lines = snapshot.split("\n");
        Map<String, Set<Long>> loaded = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int space = lines[i].indexOf(' ');
            if (space > 0 && space < lines[i].length() - 1) {
                loaded.put(lines[i].substring(0, space), Set.copyOf(Change.ids(lines[i].substring(space + 1))));
            }
        }
        synchronized (lock) {
            byHotel = loaded;
            applied = Long.parseLong(lines[0].trim());
            gap = false;
            reloadWanted = false;
            loading = false;
            confirmedAt = sentAt;
            confirmed = true;
            List<Change> arrived = new ArrayList<>(held);
            held.clear();
            arrived.forEach(this::applyLocked);
            releaseWaitersLocked();
        }
        firstOutcome.countDown();
        report();
    }

    /** Every check-interval: reload if wanted, else confirm that Redis's version is the one applied. */
    private Mono<Void> check() {
        if (!subscribed) {
            report();
            return Mono.empty();
        }
        boolean reload;
        synchronized (lock) {
            reload = applied < 0 || reloadWanted;
        }
        if (reload) {
            return reload().doFinally(s -> report());
        }
        long sentAt = System.nanoTime();
        return Mono.defer(() -> redis.opsForValue().get(VERSION))
                .subscribeOn(Schedulers.boundedElastic())
                .defaultIfEmpty("0")
                .timeout(checkInterval.plus(checkInterval))
                .doOnNext(version -> {
                    synchronized (lock) {
                        if (loading) {
                            return;
                        }
                        if (Long.parseLong(version) == applied) {
                            confirmedAt = sentAt;
                        } else {
                            // a change in flight, or one that was lost: reload to be sure
                            reloadWanted = true;
                        }
                    }
                })
                .doOnError(e -> log.debug("Deactivated-staff version check failed: {}", e.toString()))
                .onErrorComplete()
                .doFinally(s -> report())
                .then();
    }

    /** Logs when the mirror stops or starts being current (the 503s in between are its doing). */
    private void report() {
        boolean current = isCurrent();
        if (current != reportedCurrent) {
            reportedCurrent = current;
            if (current) {
                log.info("Deactivated-staff mirror is current (version {})", applied);
            } else {
                log.warn(
                        "Deactivated-staff mirror is not current (subscribed {}, gap {}, last confirmed {} ms ago):"
                                + " authenticated requests answer 503",
                        subscribed,
                        gap,
                        confirmed ? (System.nanoTime() - confirmedAt) / 1_000_000 : -1);
            }
        }
    }

    /** Completes once the local mirror has applied {@code version} (or after a bounded wait, asking for a reload). */
    private Mono<Void> awaitApplied(long version) {
        return Mono.<Void>create(sink -> {
                    synchronized (lock) {
                        if (applied >= version) {
                            sink.success();
                            return;
                        }
                        Waiter waiter = new Waiter(version, sink);
                        waiters.add(waiter);
                        sink.onDispose(() -> {
                            synchronized (lock) {
                                waiters.remove(waiter);
                            }
                        });
                    }
                })
                .timeout(OWN_WRITE_VISIBLE, Mono.fromRunnable(() -> {
                    log.warn(
                            "Own deactivated-staff change {} did not come back in {}; reloading",
                            version,
                            OWN_WRITE_VISIBLE);
                    synchronized (lock) {
                        reloadWanted = true;
                    }
                }));
    }

    private void releaseWaitersLocked() {
        for (Waiter waiter : List.copyOf(waiters)) {
            if (waiter.version() <= applied) {
                waiter.sink().success();
            }
        }
    }

    private record Waiter(long version, MonoSink<Void> sink) {}

    /** One published change: {@code "<version> <op> <hotel> <id,id>"}, op {@code +}, {@code -} or {@code *} (reload). */
    record Change(long version, char op, String hotel, List<Long> staffIds) {

        static Change parse(String text) {
            try {
                String[] parts = text.split(" ");
                long version = Long.parseLong(parts[0]);
                char op = parts[1].charAt(0);
                if (op == '*') {
                    return new Change(version, op, "", List.of());
                }
                if ((op != '+' && op != '-') || parts.length < 3) {
                    return null;
                }
                return new Change(version, op, parts[2], parts.length > 3 ? ids(parts[3]) : List.of());
            } catch (RuntimeException e) {
                return null;
            }
        }

        static List<Long> ids(String csv) {
            List<Long> ids = new ArrayList<>();
            for (String id : csv.split(",")) {
                if (!id.isBlank()) {
                    ids.add(Long.parseLong(id.trim()));
                }
            }
            return ids;
        }
    }
}

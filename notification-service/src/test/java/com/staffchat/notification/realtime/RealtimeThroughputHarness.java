package com.staffchat.notification.realtime;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hand-run measurement, not a test (surefire does not pick up {@code *Harness}; it asserts
 * nothing): notification-service against a real realtime-service process and the embedded broker,
 * with a pusher-java-client subscribed to every conversation. (1) Drain: N MessageSent records over
 * C conversations produced at once, timed until the subscriber has them all. (2) Latency at a
 * constant rate: produce-to-subscriber latency (the event's createdAt to its arrival) p50/p99.
 *
 * <p>{@code flock /tmp/mvn.lock mvn -B -o -pl notification-service -am verify -Dspotless.check.skip=true
 * -Dtest=RealtimeThroughputHarness -Dsurefire.failIfNoSpecifiedTests=false -Dharness.messages=20000}
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = 6,
        topics = Topics.CONVERSATIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class RealtimeThroughputHarness {

    static final String SCHEMA = TestDatabase.freshSchema("notification_harness");
    static final String HOTEL = "grand-budapest";
    static final RealtimeServiceProcess realtime = new RealtimeServiceProcess(RealtimeServiceProcess.freePort());

    final EventCodec codec = new EventCodec();
    long messageId = 1;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void start() throws Exception {
        realtime.start();
    }

    @AfterAll
    static void stop() throws Exception {
        realtime.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", realtime::apiUrl);
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
    }

    @Test
    void measure() throws Exception {
        int messages = Integer.getInteger("harness.messages", 20_000);
        int conversations = Integer.getInteger("harness.conversations", 200);
        int rate = Integer.getInteger("harness.rate", 500);
        int seconds = Integer.getInteger("harness.seconds", 10);
        List<Long> ids = LongStream.rangeClosed(1, conversations).boxed().toList();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 100) {
            var subscriber = Subscriber.connect(
                    realtime.port,
                    ids.subList(i, Math.min(ids.size(), i + 100)).stream()
                            .map(c -> ChannelNames.conversation(HOTEL, c))
                            .toList());
            subscribers.add(subscriber);
        }
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG,
                1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            // warm-up: one message per conversation
            long[] seq = new long[conversations + 1];
            for (long c : ids) {
                producer.send(record(c, ++seq[(int) c]));
            }
            producer.flush();
            waitFor(subscribers, conversations, Duration.ofSeconds(60));
            clear(subscribers);

            // (1) drain
            long start = System.nanoTime();
            for (int n = 0; n < messages; n++) {
                long c = ids.get(n % conversations);
                producer.send(record(c, ++seq[(int) c]));
            }
            producer.flush();
            long produced = System.nanoTime();
            waitFor(subscribers, messages, Duration.ofMinutes(10));
            long drained = System.nanoTime();
            double drainSeconds = (drained - start) / 1e9;
            System.out.printf(
                    "HARNESS drain: %d messages over %d conversations: produced in %.2f s, all delivered after %.2f s: %.0f messages/s%n",
                    messages, conversations, (produced - start) / 1e9, drainSeconds, messages / drainSeconds);
            clear(subscribers);
            meters.find(RealtimePublisher.HOP_TIMER).timers().forEach(this::reset);

            // (2) latency at a constant rate
            int total = rate * seconds;
            long intervalNanos = 1_000_000_000L / rate;
            long begin = System.nanoTime();
            for (int n = 0; n < total; n++) {
                long due = begin + n * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long c = ids.get(n % conversations);
                producer.send(record(c, ++seq[(int) c]));
            }
            producer.flush();
            waitFor(subscribers, total, Duration.ofMinutes(5));
            long[] latencies = subscribers.stream()
                    .flatMap(s -> s.arrivals.stream())
                    .mapToLong(a -> a[0] - a[1])
                    .sorted()
                    .toArray();
            System.out.printf(
                    "HARNESS latency at %d messages/s for %d s (%d messages): createdAt to subscriber p50 %d ms, p99 %d ms, max %d ms%n",
                    rate,
                    seconds,
                    latencies.length,
                    percentile(latencies, 50),
                    percentile(latencies, 99),
                    latencies[latencies.length - 1]);
            meters.find(RealtimePublisher.HOP_TIMER).timers().forEach(timer -> {
                var previous = marks.getOrDefault(timer.getId(), new double[2]);
                long count = timer.count() - (long) previous[0];
                System.out.printf(
                        "HARNESS hop %s: %d, mean %.1f ms (during the constant rate)%n",
                        timer.getId().getTag("hop"),
                        count,
                        count == 0 ? 0 : (timer.totalTime(TimeUnit.MILLISECONDS) - previous[1]) / count);
            });
        } finally {
            subscribers.forEach(Subscriber::close);
        }
    }

    final Map<io.micrometer.core.instrument.Meter.Id, double[]> marks = new java.util.HashMap<>();

    void reset(Timer timer) {
        marks.put(timer.getId(), new double[] {timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)});
    }

    ProducerRecord<String, byte[]> record(long conversation, long seq) {
        var envelope = EventEnvelope.wrap(
                "message-service",
                HOTEL,
                new MessageSent(
                        messageId++,
                        conversation,
                        seq,
                        1,
                        "harness message " + seq,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        null,
                        Instant.now(),
                        null,
                        null));
        return new ProducerRecord<>(Topics.CONVERSATIONS, envelope.key(), codec.encode(envelope));
    }

    static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void clear(List<Subscriber> subscribers) {
        subscribers.forEach(s -> {
            s.received.clear();
            s.arrivals.clear();
        });
    }

    static void waitFor(List<Subscriber> subscribers, int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (subscribers.stream().mapToInt(s -> s.received.size()).sum() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only "
                        + subscribers.stream().mapToInt(s -> s.received.size()).sum() + " of " + count
                        + " arrived");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}

package com.staffchat.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker's produce-to-consume round trip: records sent at a fixed rate (open loop: latency is
 * taken from each record's intended send time, so a stall is not hidden) with {@code acks=all} and
 * an idempotent producer, read back by a consumer in the same JVM, on a scratch topic of one
 * partition that is deleted at the end.
 */
final class KafkaRoundTripBench {

    record Settings(String bootstrapServers, String broker, int rate, int warmupSeconds, int seconds) {}

    record Result(
            String broker,
            String bootstrapServers,
            int rate,
            int seconds,
            long sent,
            long received,
            double achievedRate,
            Latency latency,
            double generatorCpuPercent) {}

    private static final int PAYLOAD_BYTES = 600; // about one MessageSent envelope

    private final Settings settings;

    KafkaRoundTripBench(Settings settings) {
        this.settings = settings;
    }

    Result run() throws Exception {
        String topic = "bench-round-trip-" + Long.toString(System.currentTimeMillis(), 36);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
            try {
                System.out.printf(
                        "Kafka (%s, %s): topic %s, %d records/s, %d s warm-up, %d s measured%n",
                        settings.broker(),
                        settings.bootstrapServers(),
                        topic,
                        settings.rate(),
                        settings.warmupSeconds(),
                        settings.seconds());
                return measure(topic);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
            }
        }
    }

    private Result measure(String topic) throws Exception {
        Histogram histogram = Latency.histogram();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
        long total = (long) settings.rate() * (settings.warmupSeconds() + settings.seconds());
        long measured = (long) settings.rate() * settings.seconds();
        long interval = TimeUnit.SECONDS.toNanos(1) / settings.rate();
        double generatorCpu;

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            consumer.poll(Duration.ZERO);
            Thread reader = new Thread(
                    () -> {
                        while (!stop.get()) {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                long now = System.nanoTime();
                                long intended = ByteBuffer.wrap(r.value()).getLong();
                                if (intended >= measureFrom) {
                                    histogram.recordValue(Math.max(1_000, now - intended));
                                }
                                received.incrementAndGet();
                            }
                        }
                    },
                    "kafka-round-trip-reader");
            reader.start();
            long cpuBefore = Latency.processCpuNanos();
            long wallBefore = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long intended = start + i * interval;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] value = new byte[PAYLOAD_BYTES];
                ByteBuffer.wrap(value).putLong(intended);
                producer.send(new ProducerRecord<>(topic, "conversation-" + (i % 50), value), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            generatorCpu = Latency.cpuPercent(cpuBefore, Latency.processCpuNanos(), System.nanoTime() - wallBefore);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() + failed.get() < total && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            stop.set(true);
            reader.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records were not acknowledged by the broker");
        }
        if (histogram.getTotalCount() < measured) {
            throw new IllegalStateException("only " + histogram.getTotalCount() + " of " + measured
                    + " measured records came back within 10 s");
        }
        double seconds = settings.seconds();
        return new Result(
                settings.broker(),
                settings.bootstrapServers(),
                settings.rate(),
                settings.seconds(),
                measured,
                histogram.getTotalCount(),
                Math.round(histogram.getTotalCount() * 10.0 / seconds) / 10.0,
                Latency.of(histogram),
                generatorCpu);
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }
}

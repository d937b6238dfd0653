package com.staffchat.support.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Republishes dead-lettered records to the topic they came from, with their key, value and own
 * headers (the dead-letter headers are dropped), so the consumers process them again once the
 * cause is fixed. Reads from {@code fromOffset} (every partition) up to the end as it was at the
 * start; records that arrive meanwhile are left for the next run. Consumers are idempotent by
 * (consumer, event id), so replaying a record some consumer already applied is harmless.
 *
 * <p>{@code ./chat dead-letters replay <topic> [--from-offset N]} runs {@link #main}.
 */
public final class DeadLetterReplay {

    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final String OUR_HEADER_PREFIX = "staffchat_dlt-";
    private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    // a compile-time constant, inlined: the replay runs without shared-events on its classpath
    private static final String DLT_SUFFIX = com.staffchat.events.Topics.DEAD_LETTER_SUFFIX;

    private DeadLetterReplay() {}

    /** One record put back: where it was in the dead-letter topic, where it went. */
    public record Replayed(int dltPartition, long dltOffset, String topic, String key) {}

    /**
     * Replays {@code deadLetterTopic} (or, given a topic name without the {@code .dlt} suffix, that topic's
     * dead letters) from {@code fromOffset} to its current end.
     */
    public static List<Replayed> replay(String bootstrapServers, String topic, long fromOffset) {
        String deadLetterTopic = topic.endsWith(DLT_SUFFIX) ? topic : topic + DLT_SUFFIX;
        List<Replayed> replayed = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(consumerConfig(bootstrapServers));
                var producer = new KafkaProducer<byte[], byte[]>(producerConfig(bootstrapServers))) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("no topic " + deadLetterTopic);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long start = Math.max(fromOffset, begin.get(partition));
                if (start < end.get(partition)) {
                    consumer.seek(partition, start);
                    pending.add(partition);
                }
            }
            consumer.assign(pending);
            while (!pending.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    String target = originalTopic(record, deadLetterTopic);
                    var headers = new RecordHeaders();
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith(DLT_HEADER_PREFIX)
                                && !header.key().startsWith(OUR_HEADER_PREFIX)) {
                            headers.add(header);
                        }
                    }
                    producer.send(new ProducerRecord<>(target, null, record.key(), record.value(), headers))
                            .get();
                    replayed.add(new Replayed(
                            record.partition(),
                            record.offset(),
                            target,
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8)));
                }
                pending.removeIf(p -> consumer.position(p) >= end.get(p));
                consumer.assign(pending);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + deadLetterTopic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not republish from " + deadLetterTopic, e.getCause());
        }
        return replayed;
    }

    private static String originalTopic(ConsumerRecord<byte[], byte[]> record, String deadLetterTopic) {
        Header original = record.headers().lastHeader(ORIGINAL_TOPIC);
        if (original != null) {
            return new String(original.value(), StandardCharsets.UTF_8);
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - DLT_SUFFIX.length());
    }

    private static Properties consumerConfig(String bootstrapServers) {
        var config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static Properties producerConfig(String bootstrapServers) {
        var config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** {@code DeadLetterReplay --bootstrap-servers host:port --topic <topic or topic.DLT> [--from-offset N]}. */
    public static void main(String[] args) {
        String usage = "DeadLetterReplay --bootstrap-servers host:port --topic <topic> [--from-offset N]";
        String bootstrap = "127.0.0.1:9092";
        String topic = null;
        long from = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = required(value, usage);
                case "--topic" -> topic = required(value, usage);
                case "--from-offset" -> from = Long.parseLong(required(value, usage));
                default -> {
                    System.err.println("Unexpected argument '" + args[i] + "'. Usage: " + usage);
                    System.exit(2);
                }
            }
            i++;
        }
        if (topic == null) {
            System.err.println("Usage: " + usage);
            System.exit(2);
        }
        List<Replayed> replayed = replay(bootstrap, topic, from);
        replayed.forEach(r -> System.out.println(
                "replayed " + r.dltPartition() + "@" + r.dltOffset() + " -> " + r.topic() + " key=" + r.key()));
        System.out.println(replayed.size() + " record(s) replayed");
    }

    private static String required(String value, String usage) {
        if (value == null) {
            System.err.println("Missing value. Usage: " + usage);
            System.exit(2);
        }
        return value;
    }
}

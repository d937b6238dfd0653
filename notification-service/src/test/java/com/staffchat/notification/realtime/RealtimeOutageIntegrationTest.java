package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ConsumerAutoConfiguration;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer kit's failure handling against a real realtime-service process: a dependency outage
 * longer than the retry budget delays events but loses, dead-letters and duplicates none of them;
 * an event Pusher refuses (413) is dead-lettered with its reason while other conversations' events
 * keep arriving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = RealtimeOutageIntegrationTest.PARTITIONS,
        topics = Topics.CONVERSATIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealtimeOutageIntegrationTest {

    static final int PARTITIONS = Topics.CONVERSATIONS_PARTITIONS;
    static final String SCHEMA = TestDatabase.freshSchema("notification_outage");
    static final String HOTEL = "grand-budapest";
    static final String GROUP = "notification-conversations";
    static final String DLT = Topics.deadLetter(Topics.CONVERSATIONS);
    /** Shorter than the outage, so the test shows an outage longer than the budget is not dead-lettered. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(5);

    /** Six retry budgets: long enough that a consumer counting a dependency's outage against it would dead-letter. */
    static final Duration OUTAGE = Duration.ofSeconds(30);

    static final int SENDS_DURING_OUTAGE = 15;

    static final RealtimeServiceProcess realtime = new RealtimeServiceProcess(RealtimeServiceProcess.freePort());
    static PusherApiGate gate;

    final EventCodec codec = new EventCodec();
    final JsonMapper json = JsonMapper.builder().build();
    final AtomicLong messageIds = new AtomicLong(1000);
    final Map<Long, AtomicLong> seqs = new HashMap<>();

    @Autowired
    EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startRealtimeService() throws Exception {
        realtime.start();
        gate = new PusherApiGate(realtime.port);
    }

    @AfterAll
    static void stopRealtimeService() throws Exception {
        if (gate != null) {
            gate.close();
        }
        realtime.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> RealtimeServiceProcess.apiUrl(gate.port()));
        // larger than realtime-service's 10 KB, so an oversized message reaches it and is refused (413)
        registry.add("staffchat.pusher.max-event-bytes", () -> "100000");
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
        registry.add("staffchat.consumer.retry-initial-interval", () -> "500ms");
        registry.add("staffchat.consumer.retry-max-interval", () -> "1s");
        registry.add("staffchat.consumer.retry-max-elapsed", () -> RETRY_BUDGET.toString());
    }

    @Test
    @Order(1)
    void eventPusherRefusesIsDeadLetteredWithItsReasonWhileOtherConversationsKeepFlowing() throws Exception {
        long refused = 900;
        List<Long> others = conversationsNotOnPartitionOf(refused, 3);
        try (var subscriber = Subscriber.connect(realtime.port, channels(others));
                var dlt = KafkaTestSupport.consumer(broker.getBrokersAsString(), DLT)) {
            send(refused, "x".repeat(20_000));
            List<Long> sent = new ArrayList<>();
            others.forEach(c -> sent.add(send(c, "still flowing")));

            await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.received.size() >= sent.size());
            assertThat(messageIds(subscriber.received)).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(endOffset(DLT))
                    .as("the refused event is still within its retry budget")
                    .isZero();

            var records = KafkaTestSupport.poll(dlt, 1, RETRY_BUDGET.multipliedBy(3));
            assertThat(records).hasSize(1);
            var record = records.get(0);
            assertThat(record.key()).isEqualTo(Long.toString(refused));
            assertThat(header(record, ConsumerAutoConfiguration.CONSUMER_HEADER))
                    .isEqualTo(ConversationEventListener.REALTIME_CONSUMER);
            assertThat(header(record, ConsumerAutoConfiguration.REASON_HEADER))
                    .contains("RealtimeDeliveryException")
                    .contains("413");
            assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.CONVERSATIONS);
            assertThat(header(record, "kafka_dlt-original-offset")).isNotNull();
            assertThat(header(record, "kafka_dlt-exception-fqcn")).isNotNull();
        }
    }

    @Test
    @Order(2)
    void realtimeOutageLongerThanTheRetryBudgetDelaysEveryEventWithoutDeadLettersOrDuplicates() throws Exception {
        List<Long> conversations = List.of(101L, 102L, 103L, 104L, 105L, 106L);
        long deadLettersBefore = endOffset(DLT);
        try (var before = Subscriber.connect(realtime.port, channels(conversations))) {
            List<Long> warmUp =
                    conversations.stream().map(c -> send(c, "before")).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> before.received.size() >= warmUp.size());
        }

        realtime.stop();
        Instant outageStart = Instant.now();
        List<Long> sentDuringOutage = new CopyOnWriteArrayList<>();
        var sender = Executors.newSingleThreadScheduledExecutor();
        AtomicLong round = new AtomicLong();
        sender.scheduleAtFixedRate(
                () -> {
                    long n = round.getAndIncrement();
                    if (n < SENDS_DURING_OUTAGE) {
                        sentDuringOutage.add(send(conversations.get((int) (n % conversations.size())), "during " + n));
                    }
                },
                0,
                OUTAGE.toMillis() / (SENDS_DURING_OUTAGE + 1),
                TimeUnit.MILLISECONDS);
        try {
            // the outage lasts OUTAGE: messages keep being sent, none is delivered or dead-lettered
            await().pollDelay(OUTAGE.minus(Duration.between(outageStart, Instant.now())))
                    .atMost(OUTAGE.plusSeconds(30))
                    .until(() -> sentDuringOutage.size() == SENDS_DURING_OUTAGE);
        } finally {
            sender.shutdownNow();
        }
        assertThat(endOffset(DLT)).as("nothing dead-lettered during the outage").isEqualTo(deadLettersBefore);
        assertThat(committed()).as("events of the outage are still pending").isLessThan(endOffsets());

        gate.hold(); // delivery resumes only once the subscriber below is back
        realtime.start();
        try (var after = Subscriber.connect(realtime.port, channels(conversations))) {
            gate.release();
            await().atMost(Duration.ofSeconds(60)).until(() -> after.received.size() >= sentDuringOutage.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> committed() == endOffsets());

            List<Long> received = messageIds(after.received);
            assertThat(received).as("every event arrives once").containsExactlyInAnyOrderElementsOf(sentDuringOutage);
            Map<Long, List<Long>> seqByConversation = after.received.stream()
                    .map(this::data)
                    .collect(Collectors.groupingBy(
                            d -> d.get("conversationId").asLong(),
                            Collectors.mapping(d -> d.get("seq").asLong(), Collectors.toList())));
            seqByConversation
                    .values()
                    .forEach(seq -> assertThat(seq).as("in conversation order").isSorted());
            assertThat(endOffset(DLT)).as("nothing dead-lettered").isEqualTo(deadLettersBefore);
        }
    }

    /** Publishes a MessageSent as message-service's relay would; returns its message id. */
    long send(long conversationId, String body) {
        long messageId = messageIds.incrementAndGet();
        long seq = seqs.computeIfAbsent(conversationId, c -> new AtomicLong()).incrementAndGet();
        var envelope = EventEnvelope.wrap(
                "message-service",
                HOTEL,
                new MessageSent(
                        messageId,
                        conversationId,
                        seq,
                        1,
                        body,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        null,
                        Instant.now(),
                        null,
                        null));
        KafkaTestSupport.send(
                broker.getBrokersAsString(), Topics.CONVERSATIONS, envelope.key(), codec.encode(envelope));
        return messageId;
    }

    static List<String> channels(List<Long> conversations) {
        return conversations.stream()
                .map(c -> ChannelNames.conversation(HOTEL, c))
                .toList();
    }

    static List<Long> conversationsNotOnPartitionOf(long conversation, int count) {
        int taken = partition(conversation);
        List<Long> others = new ArrayList<>();
        for (long c = 1; others.size() < count; c++) {
            if (partition(c) != taken) {
                others.add(c);
            }
        }
        return others;
    }

    static int partition(long conversation) {
        return Utils.toPositive(Utils.murmur2(Long.toString(conversation).getBytes(StandardCharsets.UTF_8)))
                % PARTITIONS;
    }

    JsonNode data(PusherEvent event) {
        return json.readTree(event.getData());
    }

    List<Long> messageIds(Iterable<PusherEvent> events) {
        List<Long> ids = new ArrayList<>();
        events.forEach(e -> ids.add(data(e).get("id").asLong()));
        return ids;
    }

    static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    long endOffset(String topic) throws Exception {
        try (var admin = admin()) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next()
                    .offset();
        }
    }

    long endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(Topics.CONVERSATIONS, p), OffsetSpec.latest());
        }
        try (var admin = admin()) {
            return admin.listOffsets(request).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    long committed() throws Exception {
        try (var admin = admin()) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(Topics.CONVERSATIONS) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }
}

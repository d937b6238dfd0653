package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ConsumerAutoConfiguration;
import com.staffchat.support.consumer.RecordTrace;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch listener against a real realtime-service process, with a pusher-java-client subscriber
 * and every Pusher API call counted at the gate in front of realtime-service: events of many
 * conversations go out in few calls, several at once, each conversation in order; a refused event
 * in a batch call dead-letters its record only; an outage in the middle of a batch loses nothing;
 * a group of 500 costs a handful of calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = RealtimeBatchingIntegrationTest.PARTITIONS,
        topics = Topics.CONVERSATIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class RealtimeBatchingIntegrationTest {

    static final int PARTITIONS = Topics.CONVERSATIONS_PARTITIONS;
    static final String SCHEMA = TestDatabase.freshSchema("notification_batching");
    static final String HOTEL = "grand-budapest";
    static final String DLT = Topics.deadLetter(Topics.CONVERSATIONS);

    static final RealtimeServiceProcess realtime = new RealtimeServiceProcess(RealtimeServiceProcess.freePort());
    static PusherApiGate gate;

    final EventCodec codec = new EventCodec();
    final JsonMapper json = JsonMapper.builder().build();
    static final AtomicLong ids = new AtomicLong(5000);
    KafkaProducer<String, byte[]> producer;

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
        registry.add("staffchat.consumer.retry-initial-interval", () -> "200ms");
        registry.add("staffchat.consumer.retry-max-interval", () -> "1s");
        registry.add("staffchat.consumer.retry-max-elapsed", () -> "3s");
    }

    @BeforeEach
    void openProducer() {
        // one producer that lingers, so what a test sends at once reaches the broker (and the listener) together
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG,
                50,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        gate.release();
        gate.clear();
    }

    @AfterEach
    void closeProducer() {
        producer.close();
        gate.release();
    }

    @Test
    void everyConversationKeepsItsOrderWhileManyAreSentAtOnceInBatchedCalls() throws Exception {
        List<Long> conversations = LongStream.rangeClosed(1, 40).boxed().toList();
        int perConversation = 25;
        long deadLettersBefore = endOffset(DLT);
        try (var subscriber = Subscriber.connect(realtime.port, channels(conversations))) {
            for (int n = 1; n <= perConversation; n++) {
                for (long conversation : conversations) {
                    send(message(conversation, n, "message " + n), null);
                }
            }
            producer.flush();
            int total = conversations.size() * perConversation;
            await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.received.size() >= total);

            Map<Long, List<Long>> seqs = seqsByConversation(subscriber.received);
            List<Long> expected =
                    LongStream.rangeClosed(1, perConversation).boxed().toList();
            conversations.forEach(c -> assertThat(seqs.get(c))
                    .as("conversation %d: every message once, in order", c)
                    .containsExactlyElementsOf(expected));
            List<PusherApiGate.Forwarded> calls = gate.forwarded();
            assertThat(calls).as("far fewer calls than events").hasSizeLessThan(total / 3);
            assertThat(calls).anySatisfy(call -> assertThat(call.path()).isEqualTo("/batch_events"));
            assertThat(gate.mostUnderWay())
                    .as("several calls in flight at once")
                    .isGreaterThan(1);
            assertThat(endOffset(DLT)).as("nothing dead-lettered").isEqualTo(deadLettersBefore);
        }
    }

    @Test
    void aRefusedEventInABatchCallDeadLettersOnlyItsRecord() throws Exception {
        List<Long> conversations = conversationsOnOnePartition(4);
        long refused = conversations.get(1);
        List<Long> innocent = List.of(conversations.get(0), conversations.get(2), conversations.get(3));
        long deadLettersBefore = endOffset(DLT);
        try (var subscriber = Subscriber.connect(realtime.port, channels(conversations));
                var dlt = KafkaTestSupport.consumer(broker.getBrokersAsString(), DLT)) {
            List<Long> sent = new ArrayList<>();
            sent.add(send(message(conversations.get(0), 1, "before"), null));
            long refusedId = send(message(refused, 1, "x".repeat(20_000)), null);
            sent.add(send(message(conversations.get(2), 1, "beside"), null));
            sent.add(send(message(conversations.get(3), 1, "after"), null));
            producer.flush();

            var records = KafkaTestSupport.poll(dlt, 1, Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(Long.toString(refused));
            assertThat(header(records.get(0), ConsumerAutoConfiguration.CONSUMER_HEADER))
                    .isEqualTo(ConversationEventListener.REALTIME_CONSUMER);
            assertThat(header(records.get(0), ConsumerAutoConfiguration.REASON_HEADER))
                    .contains("RealtimeDeliveryException")
                    .contains("413");
            await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.received.size() >= sent.size());
            assertThat(messageIds(subscriber.received)).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(endOffset(DLT)).as("only the refused record").isEqualTo(deadLettersBefore + 1);
            assertThat(gate.forwarded())
                    .as("the refused event went in a batch call with innocent neighbours")
                    .anySatisfy(call -> {
                        assertThat(call.path()).isEqualTo("/batch_events");
                        assertThat(call.body()).contains("\\\"id\\\":" + refusedId);
                        assertThat(innocent.stream()
                                        .filter(c -> call.body().contains(ChannelNames.conversation(HOTEL, c) + "\""))
                                        .count())
                                .isPositive();
                    });
        }
    }

    @Test
    void anOutageInTheMiddleOfABatchLosesAndDuplicatesNothing() throws Exception {
        List<Long> conversations = LongStream.rangeClosed(201, 220).boxed().toList();
        int perConversation = 10;
        long deadLettersBefore = endOffset(DLT);
        try (var subscriber = Subscriber.connect(realtime.port, channels(conversations))) {
            gate.holdAfter(2); // two calls get through, then realtime-service "fails" (503) until released
            for (int n = 1; n <= perConversation; n++) {
                for (long conversation : conversations) {
                    send(message(conversation, n, "message " + n), null);
                }
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.refusedWhileHeld() >= 3);
            int total = conversations.size() * perConversation;
            assertThat(subscriber.received).as("the outage holds events back").hasSizeLessThan(total);

            gate.release();
            await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.received.size() >= total);
            Map<Long, List<Long>> seqs = seqsByConversation(subscriber.received);
            List<Long> expected =
                    LongStream.rangeClosed(1, perConversation).boxed().toList();
            conversations.forEach(c -> assertThat(seqs.get(c))
                    .as("conversation %d: every message once, in order", c)
                    .containsExactlyElementsOf(expected));
            assertThat(endOffset(DLT)).as("nothing dead-lettered").isEqualTo(deadLettersBefore);
        }
    }

    @Test
    void aGroupCreatedWithFiveHundredMembersCostsAHandfulOfCallsAndCarriesItsTraceparent() throws Exception {
        long conversation = 9000;
        List<Long> members = LongStream.rangeClosed(1, 500).boxed().toList();
        List<Long> watched = List.of(1L, 250L, 500L);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (var subscriber = Subscriber.connect(
                realtime.port,
                watched.stream().map(s -> ChannelNames.staff(HOTEL, s)).toList(),
                "conversation-updated")) {
            send(
                    EventEnvelope.wrap(
                            "message-service",
                            HOTEL,
                            new ConversationCreated(
                                    conversation, ConversationKind.GROUP, "Everyone", 1, members, Instant.now())),
                    traceparent);
            producer.flush();

            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received.size() >= watched.size());
            List<PusherApiGate.Forwarded> calls = gate.forwarded().stream()
                    .filter(call -> call.body().contains("\\\"conversationId\\\":" + conversation))
                    .toList();
            assertThat(calls).as("500 channels, 100 a call").hasSize(5);
            assertThat(calls).allSatisfy(call -> {
                assertThat(call.path()).isEqualTo("/events");
                assertThat(call.traceparent()).isEqualTo(traceparent);
            });
            List<String> channels = new ArrayList<>();
            for (var call : calls) {
                json.readTree(call.body()).get("channels").forEach(c -> channels.add(c.asString()));
            }
            assertThat(channels)
                    .containsExactlyInAnyOrderElementsOf(members.stream()
                            .map(s -> ChannelNames.staff(HOTEL, s))
                            .toList());
            assertThat(RecordTrace.traceId(traceparent)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
    }

    EventEnvelope<MessageSent> message(long conversationId, long seq, String body) {
        return EventEnvelope.wrap(
                "message-service",
                HOTEL,
                new MessageSent(
                        ids.incrementAndGet(),
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
    }

    /** Publishes as message-service's relay would (keyed by conversation); returns a message's id. */
    long send(EventEnvelope<? extends EventPayload> envelope, String traceparent) {
        var record = new ProducerRecord<>(Topics.CONVERSATIONS, envelope.key(), codec.encode(envelope));
        if (traceparent != null) {
            record.headers().add(RecordTrace.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record);
        return envelope.data() instanceof MessageSent m ? m.id() : -1;
    }

    static List<String> channels(List<Long> conversations) {
        return conversations.stream()
                .map(c -> ChannelNames.conversation(HOTEL, c))
                .toList();
    }

    static List<Long> conversationsOnOnePartition(int count) {
        List<Long> found = new ArrayList<>();
        for (long c = 700; found.size() < count; c++) {
            if (partition(c) == 0) {
                found.add(c);
            }
        }
        return found;
    }

    static int partition(long conversation) {
        return Utils.toPositive(Utils.murmur2(Long.toString(conversation).getBytes(StandardCharsets.UTF_8)))
                % PARTITIONS;
    }

    Map<Long, List<Long>> seqsByConversation(Iterable<PusherEvent> events) {
        Map<Long, List<Long>> seqs = new HashMap<>();
        for (PusherEvent event : events) {
            JsonNode data = json.readTree(event.getData());
            seqs.computeIfAbsent(data.get("conversationId").asLong(), c -> new ArrayList<>())
                    .add(data.get("seq").asLong());
        }
        return seqs;
    }

    List<Long> messageIds(Iterable<PusherEvent> events) {
        List<Long> result = new ArrayList<>();
        events.forEach(e -> result.add(json.readTree(e.getData()).get("id").asLong()));
        return result;
    }

    static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    long endOffset(String topic) throws Exception {
        try (var admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next()
                    .offset();
        }
    }
}

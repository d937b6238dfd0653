package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** The outbox relay's ordering under concurrent sends, and the pruning of published rows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_outbox");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.outbox.batch-size", () -> "16");
        registry.add("staffchat.outbox.retention", () -> "1h");
        registry.add("staffchat.outbox.prune-interval", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    final EventCodec codec = new EventCodec();
    String hotel;
    ChatApi api;

    @BeforeEach
    void seedDirectory() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        api.seedStaff(TestTokens.manager(1, hotel), 1, 2, 3, 4);
    }

    @Test
    void concurrentSendsArePublishedInSeqOrderPerConversation() {
        List<Long> conversations = List.of(
                api.createGroup(TestTokens.staff(1, hotel), "Busy", 2, 3, 4),
                api.createGroup(TestTokens.staff(1, hotel), "Quiet A", 2),
                api.createGroup(TestTokens.staff(2, hotel), "Quiet B", 1, 3),
                api.createGroup(TestTokens.staff(1, hotel), "Quiet C", 2, 4));
        Map<Long, Integer> perConversation = new LinkedHashMap<>();
        perConversation.put(conversations.get(0), 60);
        conversations.subList(1, 4).forEach(c -> perConversation.put(c, 20));
        List<long[]> sends = new ArrayList<>(); // {conversation, sender}
        perConversation.forEach((c, n) -> LongStream.range(0, n).forEach(i -> sends.add(new long[] {c, 1 + i % 2})));
        java.util.Collections.shuffle(sends, new java.util.Random(14));
        WebClient client = WebClient.create("http://127.0.0.1:" + port);

        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            List<Integer> statuses = Flux.fromIterable(sends)
                    .flatMap(
                            s -> client.post()
                                    .uri("/api/v1/conversations/{id}/messages", s[0])
                                    .headers(h -> h.setBearerAuth(TestTokens.staff(s[1], hotel)))
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(Map.of("body", "concurrent " + UUID.randomUUID()))
                                    .exchangeToMono(r -> r.releaseBody()
                                            .thenReturn(r.statusCode().value())),
                            16)
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(statuses).hasSize(sends.size()).containsOnly(201);

            Map<Long, List<Long>> seqs = new LinkedHashMap<>();
            Set<UUID> seen = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : KafkaTestSupport.poll(consumer, 1, Duration.ofMillis(500))) {
                    EventEnvelope<?> e = codec.decode(r.value());
                    if (seen.add(e.id())
                            && e.data() instanceof MessageSent m
                            && perConversation.containsKey(m.conversationId())) {
                        assertThat(r.key()).isEqualTo(Long.toString(m.conversationId()));
                        seqs.computeIfAbsent(m.conversationId(), k -> new ArrayList<>())
                                .add(m.seq());
                    }
                }
                return perConversation.entrySet().stream()
                        .allMatch(
                                en -> seqs.getOrDefault(en.getKey(), List.of()).size() >= en.getValue());
            });
            perConversation.forEach((c, n) -> assertThat(seqs.get(c))
                    .as("conversation %s in the order of its seqs", c)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, n).boxed().toList()));
        }
    }

    @Test
    void publishedRowsOlderThanTheRetentionArePrunedOnSchedule() throws Exception {
        try (var db = TestDatabase.connect();
                var insert = db.prepareStatement("insert into " + SCHEMA
                        + ".outbox (event_id, topic, record_key, event_type, tenant, payload, created_at, sent_at)"
                        + " values (?, 'staffchat.conversations', '1', 'staffchat.message.sent', ?, '{}',"
                        + " now() - ?::interval, now() - ?::interval)")) {
            for (String age : List.of("2 hours", "5 minutes")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, hotel);
                insert.setString(3, age);
                insert.setString(4, age);
                insert.executeUpdate();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ages().equals(List.of("00:05:00")));
    }

    private List<String> ages() throws Exception {
        List<String> ages = new ArrayList<>();
        try (var db = TestDatabase.connect();
                var query = db.prepareStatement("select date_trunc('minute', now() - sent_at)::text from " + SCHEMA
                        + ".outbox where tenant = ? order by sent_at")) {
            query.setString(1, hotel);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    ages.add(rs.getString(1));
                }
            }
        }
        return ages;
    }
}

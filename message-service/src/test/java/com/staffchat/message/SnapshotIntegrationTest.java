package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.ConversationKind;
import com.staffchat.events.ConversationSnapshot;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Conversation snapshots (issue 18) against the local PostgreSQL and an embedded Kafka broker: what a snapshot
 * record carries, that a hotel's request covers its own conversations and no other hotel's, who may ask, the
 * actuator's every-hotel variant, and that a snapshot sits in its conversation's order while sends go on. Pages of 2
 * conversations, so every request here spans several transactions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class SnapshotIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("snapshot_it");
    static final String SNAPSHOT_TYPE = "staffchat.conversation.snapshot";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.snapshots.page-size", () -> "2");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    DatabaseClient db;

    final EventCodec codec = new EventCodec();
    WebTestClient client;
    ChatApi api;

    @BeforeEach
    void setUp() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        api = new ChatApi(client);
    }

    @Test
    void aHotelsSnapshotsCarryEachOfItsConversationsStateAndNothingOfAnotherHotel() {
        String hotel = hotel();
        String other = hotel();
        api.seedStaff(TestTokens.manager(9, hotel), 1, 2, 3, 4, 9);
        api.seedStaff(TestTokens.manager(9, other), 1, 2);
        String one = TestTokens.staff(1, hotel, "staff");
        String two = TestTokens.staff(2, hotel, "staff");
        String three = TestTokens.staff(3, hotel, "staff");

        long group = api.createGroup(one, "Front desk", 2, 3);
        api.sendOk(one, group, "Towels for 12");
        api.sendOk(one, group, "And 14");
        api.sendOk(one, group, "Done?");
        api.markRead(two, group, 2).expectStatus().isOk();
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        api.mute(three, group, "{\"until\":\"" + until + "\"}").expectStatus().is2xxSuccessful();
        long direct = directId(api.createDirect(one, 4));
        api.mute(one, direct, "{}").expectStatus().is2xxSuccessful();
        long left = api.createGroup(two, "Night shift", 1, 3);
        api.removeParticipant(two, left, 3).expectStatus().isNoContent();
        long otherGroup = api.createGroup(TestTokens.staff(1, other, "staff"), "Elsewhere", 2);

        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            client.post()
                    .uri("/api/v1/admin/snapshots")
                    .headers(h -> h.setBearerAuth(TestTokens.manager(9, hotel)))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .jsonPath("$.queued")
                    .isEqualTo(3);

            List<EventEnvelope<?>> events = readUntil(consumer, seen -> snapshotsOf(seen, hotel) == 3);
            Map<Long, ConversationSnapshot> snapshots = new HashMap<>();
            for (EventEnvelope<?> e : events) {
                if (e.data() instanceof ConversationSnapshot s && e.tenant().equals(hotel)) {
                    assertThat(snapshots.put(s.conversationId(), s))
                            .as("one per conversation")
                            .isNull();
                    assertThat(e.key()).isEqualTo(Long.toString(s.conversationId()));
                }
            }
            assertThat(snapshots).containsOnlyKeys(group, direct, left);

            ConversationSnapshot g = snapshots.get(group);
            assertThat(g.kind()).isEqualTo(ConversationKind.GROUP);
            assertThat(g.title()).isEqualTo("Front desk");
            assertThat(g.lastSeq()).isEqualTo(3);
            assertThat(g.participants())
                    .containsExactly(
                            new ConversationSnapshot.Participant(1, "ADMIN", 3, false, null),
                            new ConversationSnapshot.Participant(2, "MEMBER", 2, false, null),
                            new ConversationSnapshot.Participant(3, "MEMBER", 0, true, until));

            ConversationSnapshot d = snapshots.get(direct);
            assertThat(d.kind()).isEqualTo(ConversationKind.DIRECT);
            assertThat(d.title()).isNull();
            assertThat(d.lastSeq()).isZero();
            assertThat(d.participants())
                    .as("muted for good: muted, no end")
                    .containsExactly(
                            new ConversationSnapshot.Participant(1, "MEMBER", 0, true, null),
                            new ConversationSnapshot.Participant(4, "MEMBER", 0, false, null));

            ConversationSnapshot l = snapshots.get(left);
            assertThat(l.lastSeq()).as("the removal's system message").isEqualTo(1);
            assertThat(l.participants())
                    .as("the removed person is no longer in it")
                    .extracting(ConversationSnapshot.Participant::staffId)
                    .containsExactly(1L, 2L);

            // in the conversation's order: after the events that made the state it carries
            List<String> groupTypes = events.stream()
                    .filter(e -> e.key().equals(Long.toString(group)))
                    .map(EventEnvelope::type)
                    .toList();
            assertThat(groupTypes.get(groupTypes.size() - 1)).isEqualTo(SNAPSHOT_TYPE);
            assertThat(groupTypes).contains("staffchat.messages.read", "staffchat.conversation.muted");

            assertThat(snapshotRows(other)).as("the other hotel's conversation").isZero();
            assertThat(events)
                    .noneMatch(e -> e.data() instanceof ConversationSnapshot s && s.conversationId() == otherGroup);
        }
    }

    @Test
    void onlyManagersAndAdminsQueueSnapshotsOfTheirHotel() {
        String hotel = hotel();
        api.seedStaff(TestTokens.manager(9, hotel), 1, 2, 9);
        api.createGroup(TestTokens.staff(1, hotel, "staff"), "Front desk", 2);

        client.post()
                .uri("/api/v1/admin/snapshots")
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, hotel, "staff")))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("only managers and admins may ask for conversation snapshots");
        assertThat(snapshotRows(hotel))
                .as("nothing queued by a refused request")
                .isZero();

        client.post()
                .uri("/api/v1/admin/snapshots")
                .headers(h -> h.setBearerAuth(TestTokens.staff(9, hotel, "admin")))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.queued")
                .isEqualTo(1);
        assertThat(snapshotRows(hotel)).isEqualTo(1);
    }

    @Test
    void theActuatorEndpointSnapshotsEveryHotelForAnAdminToken() {
        String first = hotel();
        String second = hotel();
        api.seedStaff(TestTokens.manager(9, first), 1, 2, 3);
        api.seedStaff(TestTokens.manager(9, second), 1, 2);
        Set<Long> firsts = Set.of(
                api.createGroup(TestTokens.staff(1, first, "staff"), "A", 2),
                api.createGroup(TestTokens.staff(1, first, "staff"), "B", 3),
                api.createGroup(TestTokens.staff(2, first, "staff"), "C", 3));
        long secondsGroup = api.createGroup(TestTokens.staff(1, second, "staff"), "D", 2);

        for (String token : List.of(TestTokens.staff(1, first, "staff"), TestTokens.manager(9, first))) {
            client.post()
                    .uri("/actuator/snapshots")
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        client.post()
                .uri("/actuator/snapshots")
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(snapshotRows(first) + snapshotRows(second)).isZero();

        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<?, ?> answer = client.post()
                    .uri("/actuator/snapshots")
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(h -> h.setBearerAuth(TestTokens.staff(1, "operations", "admin")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            Map<?, ?> hotels = (Map<?, ?>) answer.get("hotels");
            assertThat(hotels.get(first)).isEqualTo(3);
            assertThat(hotels.get(second)).isEqualTo(1);
            assertThat(((Number) answer.get("queued")).intValue())
                    .isEqualTo(hotels.values().stream()
                            .mapToInt(n -> ((Number) n).intValue())
                            .sum());

            List<EventEnvelope<?>> events =
                    readUntil(consumer, seen -> snapshotsOf(seen, first) == 3 && snapshotsOf(seen, second) == 1);
            assertThat(events.stream()
                            .filter(e -> e.tenant().equals(first) && e.data() instanceof ConversationSnapshot)
                            .map(e -> ((ConversationSnapshot) e.data()).conversationId()))
                    .containsExactlyInAnyOrderElementsOf(firsts);
            assertThat(events.stream()
                            .filter(e -> e.tenant().equals(second) && e.data() instanceof ConversationSnapshot)
                            .map(e -> ((ConversationSnapshot) e.data()).conversationId()))
                    .containsExactly(secondsGroup);
        }
    }

    @Test
    void aSnapshotTakenWhileSendsGoOnHoldsExactlyTheMessagesBeforeItOnTheTopic() {
        String hotel = hotel();
        api.seedStaff(TestTokens.manager(9, hotel), 1, 2, 9);
        List<Long> conversations = List.of(
                api.createGroup(TestTokens.staff(1, hotel, "staff"), "Busy A", 2),
                api.createGroup(TestTokens.staff(1, hotel, "staff"), "Busy B", 2),
                api.createGroup(TestTokens.staff(2, hotel, "staff"), "Busy C", 1));
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        int sendsEach = 100;

        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Flux<Integer> sends = Flux.range(0, sendsEach * conversations.size())
                    .flatMap(
                            i -> web.post()
                                    .uri("/api/v1/conversations/{id}/messages", conversations.get(i % 3))
                                    .headers(h -> h.setBearerAuth(TestTokens.staff(1 + i % 2, hotel, "staff")))
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(Map.of("body", "busy " + i))
                                    .exchangeToMono(r -> r.releaseBody()
                                            .thenReturn(r.statusCode().value())),
                            8);
            // three snapshots of the hotel while the sends go on
            Flux<Integer> snapshot = Flux.range(0, 3)
                    .delayElements(Duration.ofMillis(100))
                    .concatMap(i -> web.post()
                            .uri("/api/v1/admin/snapshots")
                            .headers(h -> h.setBearerAuth(TestTokens.manager(9, hotel)))
                            .exchangeToMono(r ->
                                    r.releaseBody().thenReturn(r.statusCode().value())));
            List<Integer> statuses = Flux.merge(sends, snapshot).collectList().block(Duration.ofSeconds(90));
            assertThat(statuses)
                    .containsOnly(201, 202)
                    .filteredOn(s -> s == 202)
                    .hasSize(3);

            List<EventEnvelope<?>> events = readUntil(
                    consumer,
                    seen -> snapshotsOf(seen, hotel) == 9
                            && seen.stream()
                                            .filter(x -> x.data() instanceof MessageSent m
                                                    && conversations.contains(m.conversationId()))
                                            .count()
                                    >= (long) sendsEach * conversations.size());
            for (long c : conversations) {
                long lastSentSeq = 0;
                Map<Long, Long> readBy = new HashMap<>();
                int seen = 0;
                for (EventEnvelope<?> e : events) {
                    if (e.data() instanceof MessageSent m && m.conversationId() == c) {
                        assertThat(m.seq()).isEqualTo(lastSentSeq + 1);
                        lastSentSeq = m.seq();
                        readBy.put(m.senderId(), m.seq());
                    } else if (e.data() instanceof MessagesRead r && r.conversationId() == c) {
                        readBy.put(r.staffId(), r.lastReadSeq());
                    } else if (e.data() instanceof ConversationSnapshot s && s.conversationId() == c) {
                        seen++;
                        assertThat(s.lastSeq())
                                .as("snapshot %d of %d: the messages published before it, no more, no fewer", seen, c)
                                .isEqualTo(lastSentSeq);
                        for (ConversationSnapshot.Participant p : s.participants()) {
                            assertThat(p.lastReadSeq())
                                    .as("read position of %d in %d", p.staffId(), c)
                                    .isEqualTo(readBy.getOrDefault(p.staffId(), 0L));
                        }
                    }
                }
                assertThat(seen).isEqualTo(3);
                assertThat(lastSentSeq).isEqualTo(sendsEach);
            }
        }
    }

    private List<EventEnvelope<?>> readUntil(
            KafkaConsumer<String, byte[]> consumer, Predicate<List<EventEnvelope<?>>> done) {
        List<EventEnvelope<?>> events = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (var record : KafkaTestSupport.poll(consumer, 1, Duration.ofMillis(300))) {
                EventEnvelope<?> e = codec.decode(record.value());
                if (seen.add(e.id())) {
                    events.add(e);
                }
            }
            return done.test(events);
        });
        return events;
    }

    private static long snapshotsOf(List<EventEnvelope<?>> events, String hotel) {
        return events.stream()
                .filter(e -> e.tenant().equals(hotel) && e.data() instanceof ConversationSnapshot)
                .count();
    }

    private long snapshotRows(String hotel) {
        return db.sql("select count(*) as n from outbox where tenant = :h and event_type = :t")
                .bind("h", hotel)
                .bind("t", SNAPSHOT_TYPE)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(10));
    }

    private static long directId(WebTestClient.ResponseSpec created) {
        Map<?, ?> body = created.expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    private static String hotel() {
        return "hotel-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

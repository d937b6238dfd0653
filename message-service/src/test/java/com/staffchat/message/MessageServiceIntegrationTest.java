package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** message-service against the local PostgreSQL (fresh schema) and an embedded KRaft Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MessageServiceIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_it");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.outbox.poll-interval", () -> "5s");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    final EventCodec codec = new EventCodec();
    String hotel;
    String otherHotel;
    ChatApi api;

    @BeforeEach
    void seedDirectory() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        otherHotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        api.seedStaff(TestTokens.manager(1, hotel), 1, 2, 3, 4);
        api.seedStaff(TestTokens.manager(1, otherHotel), 1, 2);
    }

    @Test
    void sentMessageIsStoredAndItsEventPublishedInOrder() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Night shift", 2, 3);
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<String, Object> first = api.send(alice, conversation, "Room 12 needs towels", null)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            Map<String, Object> second = api.send(TestTokens.staff(2, hotel), conversation, "On it", null)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(first)
                    .containsEntry("seq", 1)
                    .containsEntry("senderId", 1)
                    .containsEntry("body", "Room 12 needs towels");
            assertThat(second).containsEntry("seq", 2).containsEntry("senderId", 2);

            List<EventEnvelope<?>> events = KafkaTestSupport.poll(consumer, 3, Duration.ofSeconds(20)).stream()
                    .filter(r -> r.key().equals(Long.toString(conversation)))
                    .map(ConsumerRecord::value)
                    .<EventEnvelope<?>>map(codec::decode)
                    .toList();
            assertThat(events).hasSize(3);
            assertThat(events.get(0).data()).isInstanceOf(ConversationCreated.class);
            assertThat(events).allSatisfy(e -> assertThat(e.tenant()).isEqualTo(hotel));
            MessageSent sent = (MessageSent) events.get(1).data();
            assertThat(sent.messageId()).isEqualTo(((Number) first.get("id")).longValue());
            assertThat(sent.seq()).isEqualTo(1);
            assertThat(sent.body()).isEqualTo("Room 12 needs towels");
            assertThat(((MessageSent) events.get(2).data()).seq()).isEqualTo(2);
        }
    }

    @Test
    void sameClientIdTwiceGivesTheSameMessage() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Kitchen", 2);
        Map<String, Object> first = api.send(alice, conversation, "Lunch is ready", "retry-1")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> again = api.send(alice, conversation, "Lunch is ready", "retry-1")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(again.get("seq")).isEqualTo(1);
        assertThat(api.listIds(alice, conversation, "")).hasSize(1);
        assertThat(api.send(alice, conversation, "Dessert too", "retry-2")
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody())
                .containsEntry("seq", 2);
    }

    @Test
    void listIsNewestFirstWithACursor() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Lobby", 2);
        for (int i = 1; i <= 5; i++) {
            api.send(alice, conversation, "m" + i, null).expectStatus().isCreated();
        }
        List<Long> all = api.listIds(alice, conversation, "");
        assertThat(all).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<Long> page = api.listIds(alice, conversation, "?limit=2&before=" + all.get(1));
        assertThat(page).containsExactly(all.get(2), all.get(3));
        List<Long> after = api.listIds(alice, conversation, "?after=" + all.get(2));
        assertThat(after).containsExactly(all.get(1), all.get(0));
    }

    @Test
    void directConversationIsCreatedOnceAndFoundAgain() {
        var first = api.createDirect(TestTokens.staff(1, hotel, "staff"), 2)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        var again = api.createDirect(TestTokens.staff(2, hotel, "staff"), 1)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
    }

    @Test
    void otherHotelAndNonParticipantGet404() {
        long conversation = api.createGroup(TestTokens.staff(1, hotel, "staff"), "Managers", 2);
        for (String outsider : List.of(TestTokens.staff(1, otherHotel, "staff"), TestTokens.staff(4, hotel))) {
            api.send(outsider, conversation, "let me in", null)
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://staffchat.dev/problems/not-found");
            api.client()
                    .get()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> h.setBearerAuth(outsider))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            api.client()
                    .get()
                    .uri("/api/v1/conversations/{id}", conversation)
                    .headers(h -> h.setBearerAuth(outsider))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        assertThat(api.listIds(TestTokens.staff(1, hotel), conversation, "")).isEmpty();
    }

    @Test
    void missingExpiredOrForgedTokenGets401() {
        long conversation = api.createGroup(TestTokens.staff(1, hotel, "staff"), "Spa", 2);
        for (String token : new String[] {
            null,
            TestTokens.expired(1, hotel),
            TestTokens.forged(1, hotel),
            TestTokens.mint(
                    TestTokens.SECRET,
                    "not-a-number",
                    hotel,
                    List.of(),
                    java.time.Instant.now().plusSeconds(600))
        }) {
            api.client()
                    .post()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> {
                        if (token != null) {
                            h.setBearerAuth(token);
                        }
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("body", "hi"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(401);
        }
        assertThat(api.listIds(TestTokens.staff(1, hotel), conversation, "")).isEmpty();
    }

    @Test
    void badBodiesGet400AndWriteNothing() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Bar", 2);
        for (String body : List.of(
                "{\"body\":\"\"}",
                "{\"body\":\"   \"}",
                "{}",
                "{\"body\":\"x" + "y".repeat(8000) + "\"}",
                "{\"body\": \"unterminated",
                "[1,2]",
                "{\"body\":\"nul \\u0000 here\"}",
                "{\"body\":\"ok\",\"replyToId\":123}",
                "{\"body\":\"ok\",\"clientId\":\"\"}")) {
            api.client()
                    .post()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> h.setBearerAuth(alice))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .isNotEmpty()
                    .jsonPath("$.type")
                    .value(t -> assertThat((String) t)
                            .isIn(
                                    "https://staffchat.dev/problems/invalid-request",
                                    "https://staffchat.dev/problems/malformed-request"));
        }
        assertThat(api.listIds(alice, conversation, "")).isEmpty();
    }

    @Test
    void participantsMustBeActiveStaffOfTheHotel() {
        api.client()
                .post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "GROUP", "title", "Ghosts", "participantIds", List.of(2, 99)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("99"));
        api.client()
                .put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(TestTokens.staff(2, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("staff", List.of(Map.of("id", 9, "displayName", "Intruder"))))
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}

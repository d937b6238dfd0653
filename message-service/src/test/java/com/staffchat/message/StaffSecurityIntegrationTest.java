package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.StaffDeactivated;
import com.staffchat.events.StaffReactivated;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
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

/** Issue 14 holes in message-service: deactivated people kept full access; bad text answered 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class StaffSecurityIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_sec");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.outbox.poll-interval", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    final EventCodec codec = new EventCodec();
    String hotel;
    ChatApi api;
    String manager;

    @BeforeEach
    void seedDirectory() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        manager = TestTokens.manager(1, hotel);
        api.seedStaff(manager, 1, 2, 3);
    }

    void setActive(long staffId, boolean active) {
        api.setActive(manager, staffId, active);
    }

    WebTestClient.ResponseSpec get(String token, String path) {
        return api.client().get().uri(path).headers(h -> h.setBearerAuth(token)).exchange();
    }

    static void deactivatedProblem(WebTestClient.ResponseSpec response) {
        response.expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/deactivated");
    }

    @Test
    void aDeactivatedPersonCanNeitherSendNorReadUntilReactivated() {
        String alice = TestTokens.staff(1, hotel, "staff");
        String bob = TestTokens.staff(2, hotel, "staff");
        long conversation = api.createGroup(alice, "Night shift", 2);
        api.send(bob, conversation, "before", null).expectStatus().isCreated();

        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.STAFF)) {
            setActive(2, false);

            deactivatedProblem(api.send(bob, conversation, "after", null));
            deactivatedProblem(get(bob, "/api/v1/conversations/" + conversation + "/messages"));
            deactivatedProblem(get(bob, "/api/v1/conversations/" + conversation));
            deactivatedProblem(get(bob, "/api/v1/conversations"));
            deactivatedProblem(get(bob, "/api/v1/staff"));
            get(alice, "/api/v1/conversations/" + conversation + "/messages")
                    .expectStatus()
                    .isOk();
            assertThat(api.listIds(alice, conversation, "")).hasSize(1);

            setActive(2, true);
            api.send(bob, conversation, "back", null).expectStatus().isCreated();
            assertThat(api.listIds(bob, conversation, "")).hasSize(2);

            List<EventEnvelope<?>> events = KafkaTestSupport.poll(consumer, 2, Duration.ofSeconds(20)).stream()
                    .map(ConsumerRecord::value)
                    .<EventEnvelope<?>>map(codec::decode)
                    .filter(e -> e.tenant().equals(hotel))
                    .toList();
            assertThat(events).hasSize(2);
            assertThat(events.get(0).data()).isInstanceOf(StaffDeactivated.class);
            assertThat(((StaffDeactivated) events.get(0).data()).staffId()).isEqualTo(2);
            assertThat(((StaffDeactivated) events.get(0).data()).byStaffId()).isEqualTo(1);
            assertThat(events.get(0).key()).isEqualTo("2");
            assertThat(((StaffReactivated) events.get(1).data()).staffId()).isEqualTo(2);
        }
    }

    void badRequest(WebTestClient.ResponseSpec response, String fieldPrefix) {
        response.expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/invalid-request")
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).startsWith(fieldPrefix));
    }

    WebTestClient.ResponseSpec post(String token, String path, String json) {
        return api.client()
                .post()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    WebTestClient.ResponseSpec putStaff(String json) {
        return api.client()
                .put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(manager))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    @Test
    void badTextIsA400ProblemNamingTheFieldAndWritesNothing() {
        String alice = TestTokens.staff(1, hotel, "staff");
        String longTitle = "\\ud83d\\ude00".repeat(201);
        for (String title : List.of("a\\u0000b", "a\\ud800b", "a\\u0007b", "two\\nlines", longTitle)) {
            badRequest(
                    post(
                            alice,
                            "/api/v1/conversations",
                            "{\"kind\":\"GROUP\",\"title\":\"" + title + "\",\"participantIds\":[2]}"),
                    "title: ");
        }
        for (String description : List.of("a\\u0000b", "a\\udfffb", "x".repeat(2001))) {
            badRequest(
                    post(
                            alice,
                            "/api/v1/conversations",
                            "{\"kind\":\"GROUP\",\"title\":\"ok\",\"description\":\"" + description
                                    + "\",\"participantIds\":[2]}"),
                    "description: ");
        }
        get(alice, "/api/v1/conversations")
                .expectBody()
                .jsonPath("$.conversations.length()")
                .isEqualTo(0);

        for (String field : List.of("displayName", "department", "title")) {
            for (String bad : List.of("a\\u0000b", "a\\ud800", "x".repeat(field.equals("displayName") ? 201 : 101))) {
                badRequest(
                        putStaff("{\"staff\":[{\"id\":9,\"displayName\":\"Nine\",\"" + field + "\":\"" + bad + "\"}]}"),
                        "staff[0]." + field + ": ");
            }
        }
        get(manager, "/api/v1/staff?includeInactive=true")
                .expectBody()
                .jsonPath("$.staff.length()")
                .isEqualTo(3);

        // 200 emoji are 400 UTF-16 units but 200 characters: a title of exactly the limit
        long conversation = api.createGroup(alice, "😀".repeat(200), 2);
        for (String body : List.of("nul \\u0000 here", "lone \\ud83d here", "bell \\u0007")) {
            badRequest(
                    post(alice, "/api/v1/conversations/" + conversation + "/messages", "{\"body\":\"" + body + "\"}"),
                    "body: ");
        }
        assertThat(api.listIds(alice, conversation, "")).isEmpty();
        api.send(alice, conversation, "two\n\tlines 😀", null).expectStatus().isCreated();
    }
}

package com.staffchat.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.Topics;
import com.staffchat.support.consumer.DeadLetterReplay;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.web.reactive.function.BodyInserters;

/**
 * notification-service's own behaviour: channel authorisation for personal and presence channels,
 * its answers when the form is unreadable or message-service cannot answer, poison records going to
 * the dead-letter topic and back by replay. Delivery through realtime-service is proved in
 * RealtimeOutageIntegrationTest and end to end in system-tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = Topics.CONVERSATIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class NotificationServiceIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_it");
    static final String KEY = "test-key";
    static final String SECRET = "test-secret";

    /**
     * Stands in for message-service's membership check, to make it fail the ways it can: conversation
     * 1 is the caller's, 2 answers 500, 3 answers 429, 4 drops the connection; stopping it is
     * message-service down.
     */
    static HttpServer messageService = startMessageService(0);

    static HttpServer startMessageService(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/api/v1/conversations/", exchange -> {
                try (exchange) {
                    String id = exchange.getRequestURI().getPath().replaceAll(".*/", "");
                    switch (id) {
                        case "1" -> exchange.sendResponseHeaders(200, -1);
                        case "2" -> exchange.sendResponseHeaders(500, -1);
                        case "3" -> exchange.sendResponseHeaders(429, -1);
                        case "4" -> {
                            // no answer: the connection is closed unanswered
                        }
                        default -> exchange.sendResponseHeaders(404, -1);
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopMessageService() {
        messageService.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://" + KEY + ":" + SECRET + "@127.0.0.1:1/apps/1");
        registry.add(
                "staffchat.services.message-url",
                () -> "http://127.0.0.1:" + messageService.getAddress().getPort());
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    WebTestClient.ResponseSpec auth(String token, String socketId, String channel) {
        return client().post()
                .uri("/api/v1/realtime/auth")
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("socket_id", socketId).with("channel_name", channel))
                .exchange();
    }

    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    /**
     * The broker made the conversation topic with one partition (as a topic another service made
     * smaller would be): the service grows it to the declared count before its listener joins, so
     * every partition, and every conversation on it, is consumed from the start.
     */
    @Test
    void everyPartitionOfTheConversationTopicIsConsumedWhoeverMadeTheTopic() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(listeners
                        .getListenerContainer("notification-conversations")
                        .getAssignedPartitions())
                .extracting(org.apache.kafka.common.TopicPartition::partition)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, Topics.CONVERSATIONS_PARTITIONS)
                                .boxed()
                                .toList()));
    }

    @Test
    void personalChannelIsSignedForItsOwnerOnly() throws Exception {
        String channel = "private-grand-budapest-staff-7";
        auth(TestTokens.staff(7, "grand-budapest"), "123.456", channel)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.auth")
                .isEqualTo(KEY + ":" + hmac("123.456:" + channel));
        auth(TestTokens.staff(8, "grand-budapest"), "123.456", channel)
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        auth(TestTokens.staff(7, "overlook"), "123.456", channel).expectStatus().isForbidden();
    }

    @Test
    void presenceChannelIsSignedForStaffOfThatHotelWithTheirId() {
        auth(TestTokens.staff(7, "grand-budapest"), "1.2", "presence-grand-budapest-staff")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.auth")
                .value(a -> assertThat((String) a).startsWith(KEY + ":"))
                .jsonPath("$.channel_data")
                .value(d -> assertThat((String) d).contains("\"user_id\":\"7\""));
        auth(TestTokens.staff(7, "overlook"), "1.2", "presence-grand-budapest-staff")
                .expectStatus()
                .isForbidden();
    }

    @Test
    void badRequestsAreRefusedClearly() {
        String token = TestTokens.staff(7, "grand-budapest");
        auth(token, "not-a-socket", "private-grand-budapest-staff-7")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        auth(token, "1.2", "x".repeat(200)).expectStatus().isBadRequest();
        auth(token, "1.2", "private-grand-budapest-staff-conversation-abc")
                .expectStatus()
                .isForbidden();
        auth(null, "1.2", "private-grand-budapest-staff-7").expectStatus().isUnauthorized();
    }

    WebTestClient.ResponseSpec authRaw(String token, String formBody) {
        return client().post()
                .uri("/api/v1/realtime/auth")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(formBody)
                .exchange();
    }

    @Test
    void badPercentEncodingIsA400Problem() {
        authRaw(TestTokens.staff(7, "grand-budapest"), "socket_id=1.2&channel_name=%zz")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("x-www-form-urlencoded"));
    }

    @Test
    void formBodyOver256KbIsA400Problem() {
        authRaw(
                        TestTokens.staff(7, "grand-budapest"),
                        "socket_id=1.2&channel_name=private-grand-budapest-staff-7&pad=" + "a".repeat(300 * 1024))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                // the unread rest of the body must not become the next request on a reused connection
                .expectHeader()
                .valueEquals("Connection", "close")
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("256 KB"));
    }

    @Test
    void conversationChannelIsSignedWhenMessageServiceSaysTheCallerTakesPart() {
        auth(TestTokens.staff(7, "grand-budapest"), "1.2", "private-grand-budapest-staff-conversation-1")
                .expectStatus()
                .isOk();
        auth(TestTokens.staff(7, "grand-budapest"), "1.2", "private-grand-budapest-staff-conversation-9")
                .expectStatus()
                .isForbidden();
    }

    @Test
    void messageServiceRefusingOrFailingIsA503ProblemWithRetryAfter() {
        String token = TestTokens.staff(7, "grand-budapest");
        for (String conversation : new String[] {"2", "3", "4"}) {
            expectUnavailable(auth(token, "1.2", "private-grand-budapest-staff-conversation-" + conversation));
        }
    }

    @Test
    void messageServiceDownIsA503ProblemWithRetryAfter() {
        int port = messageService.getAddress().getPort();
        messageService.stop(0);
        try {
            expectUnavailable(
                    auth(TestTokens.staff(7, "grand-budapest"), "1.2", "private-grand-budapest-staff-conversation-1"));
        } finally {
            messageService = startMessageService(port);
        }
    }

    static void expectUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "5")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/service-unavailable");
    }

    @Test
    void deadLetteredRecordIsReplayedToItsTopicWithItsKey() {
        String poison = "{\"type\":\"staffchat.message.replayed\"}";
        try (var dlt = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.deadLetter(Topics.CONVERSATIONS));
                var original = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            KafkaTestSupport.send(
                    broker.getBrokersAsString(), Topics.CONVERSATIONS, "77", poison.getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> deadLetters(dlt, poison).size() >= 1);
            long dltOffset = seenDeadLetters.stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(poison))
                    .findFirst()
                    .orElseThrow()
                    .offset();

            var replayed = DeadLetterReplay.replay(broker.getBrokersAsString(), Topics.CONVERSATIONS, dltOffset);

            assertThat(replayed).hasSize(1);
            assertThat(replayed.get(0).topic()).isEqualTo(Topics.CONVERSATIONS);
            assertThat(replayed.get(0).key()).isEqualTo("77");
            // back on the topic with its key and value, without the dead-letter headers
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                original.poll(Duration.ofMillis(200)).forEach(seenOriginal::add);
                return seenOriginal.stream()
                                .filter(r -> "77".equals(r.key())
                                        && new String(r.value(), StandardCharsets.UTF_8).equals(poison))
                                .count()
                        == 2;
            });
            var again = seenOriginal.stream()
                    .filter(r -> "77".equals(r.key()))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(again.headers().lastHeader("kafka_dlt-original-topic")).isNull();
            // consumed again: still undecodable, so it is dead-lettered a second time
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> deadLetters(dlt, poison).size() >= 2);
        }
    }

    final java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> seenDeadLetters =
            new java.util.ArrayList<>();
    final java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> seenOriginal =
            new java.util.ArrayList<>();

    java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> deadLetters(
            org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> dlt, String value) {
        dlt.poll(Duration.ofMillis(200)).forEach(seenDeadLetters::add);
        return seenDeadLetters.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(value))
                .toList();
    }

    @Test
    void undecodableRecordGoesToTheDeadLetterTopicWithItsReason() {
        try (var dlt =
                KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.deadLetter(Topics.CONVERSATIONS))) {
            KafkaTestSupport.send(
                    broker.getBrokersAsString(),
                    Topics.CONVERSATIONS,
                    "42",
                    "{\"type\":\"staffchat.message.teleported\"}".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(seenDeadLetters::add);
                return seenDeadLetters.stream().anyMatch(r -> "42".equals(r.key()));
            });
            var record = seenDeadLetters.stream()
                    .filter(r -> "42".equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            assertThat(new String(
                            record.headers()
                                    .lastHeader("kafka_dlt-exception-message")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("unknown event type 'staffchat.message.teleported'");
            assertThat(new String(
                            record.headers().lastHeader("staffchat_dlt-reason").value(), StandardCharsets.UTF_8))
                    .contains("EventDecodingException")
                    .contains("staffchat.message.teleported");
            assertThat(new String(
                            record.headers()
                                    .lastHeader("staffchat_dlt-consumer")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("notification-conversations");
            assertThat(record.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        }
    }

    static String hmac(String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }
}

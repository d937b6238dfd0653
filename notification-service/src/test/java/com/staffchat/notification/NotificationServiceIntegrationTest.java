package com.staffchat.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * and poison records going to the dead-letter topic. Delivery through realtime-service is proved
 * end to end in system-tests.
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

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://" + KEY + ":" + SECRET + "@127.0.0.1:1/apps/1");
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
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

    @Test
    void undecodableRecordGoesToTheDeadLetterTopicWithItsReason() {
        try (var dlt =
                KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.deadLetter(Topics.CONVERSATIONS))) {
            KafkaTestSupport.send(
                    broker.getBrokersAsString(),
                    Topics.CONVERSATIONS,
                    "42",
                    "{\"type\":\"staffchat.message.teleported\"}".getBytes(StandardCharsets.UTF_8));
            var records = KafkaTestSupport.poll(dlt, 1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            var record = records.get(0);
            assertThat(record.key()).isEqualTo("42");
            assertThat(new String(
                            record.headers()
                                    .lastHeader("kafka_dlt-exception-message")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("unknown event type 'staffchat.message.teleported'");
        }
    }

    static String hmac(String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }
}

package com.staffchat.notification.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.staffchat.events.Topics;
import com.staffchat.notification.push.FcmSender;
import com.staffchat.notification.push.PushNotification;
import com.staffchat.testsupport.FcmTestServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole service with FCM on (firebase-admin pointed at the local FCM server): a token FCM answers
 * UNREGISTERED for is gone from its owner's devices, through the device registry's {@link DeadDeviceTokens};
 * the others stay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONVERSATIONS, Topics.STAFF},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DeadDeviceTokensIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_dead");
    static final FcmTestServer fcm = FcmTestServer.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://key:secret@127.0.0.1:1/apps/1");
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
        registry.add("staffchat.fcm.enabled", () -> "true");
        registry.add("staffchat.fcm.project-id", () -> "staffchat-test");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class LocalFcm {
        @Bean
        GoogleCredentials testCredentials() {
            return GoogleCredentials.create(
                    new AccessToken("test-access-token", Date.from(Instant.now().plus(Duration.ofDays(3650)))));
        }

        @Bean
        HttpTransport localFcmTransport() {
            return fcm.transport();
        }
    }

    @AfterAll
    static void stop() {
        fcm.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    FcmSender sender;

    @Test
    void aTokenFcmNoLongerKnowsLeavesItsOwnersDevices() {
        String hotel = "dead-" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.staff(7, hotel);
        WebTestClient api = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBearerAuth(token))
                .build();
        for (String device : List.of("phone-" + hotel, "unregistered-" + hotel)) {
            api.put()
                    .uri("/api/v1/devices/{token}", device)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("platform", "ANDROID"))
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }

        var outcome = sender.send(new PushNotification(
                        UUID.randomUUID(),
                        hotel,
                        42L,
                        7001L,
                        1,
                        "Front desk",
                        "Room 12 needs towels",
                        1,
                        PushNotification.Kind.NEW_MESSAGE,
                        List.of("phone-" + hotel, "unregistered-" + hotel)))
                .block(Duration.ofSeconds(60));

        assertThat(outcome.sent()).isEqualTo(1);
        assertThat(outcome.removed()).isEqualTo(1);
        Map<?, ?> listed = api.get()
                .uri("/api/v1/devices")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        List<String> tokens = ((List<?>) listed.get("devices"))
                .stream().map(d -> (String) ((Map<?, ?>) d).get("token")).toList();
        assertThat(tokens).containsExactly("phone-" + hotel);
    }
}

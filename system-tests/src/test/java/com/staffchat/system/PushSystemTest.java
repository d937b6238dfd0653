package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.testsupport.FcmTestServer;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 end to end: a device registered through the gateway gets one FCM push for a message sent
 * through the gateway, and the sender gets none. Every service runs as its own process; the
 * notification-service process has FCM on by configuration alone ({@code staffchat.fcm.endpoint} and
 * a service account key file), real firebase-admin sending to a local {@link FcmTestServer}, so
 * Google is never called. The shared system has FCM on for every system test; only this class
 * registers devices, so only its hotel's messages are pushed.
 */
class PushSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    static FcmTestServer fcm;
    static StaffChatSystem system;

    String hotel;
    WebTestClient api;

    @BeforeAll
    static void startSystem() throws Exception {
        system = StaffChatSystem.shared();
        fcm = system.fcm;
    }

    @BeforeEach
    void seedHotel() {
        api = WebTestClient.bindToServer()
                .baseUrl(system.gateway.url())
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        hotel = "push-" + UUID.randomUUID().toString().substring(0, 8);
        api.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(TestTokens.manager(1, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "staff",
                        List.of(
                                Map.of("id", 1, "displayName", "M. Gustave", "department", "management"),
                                Map.of("id", 2, "displayName", "Zero Moustafa", "department", "lobby"),
                                Map.of("id", 3, "displayName", "Agatha", "department", "kitchen"))))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aDeviceRegisteredThroughTheGatewayGetsOnePushWithTheMessageAndTheSenderNone() {
        String gustavesPhone = "phone-gustave-" + hotel;
        String zerosPhone = "phone-zero-" + hotel;
        registerDevice(TestTokens.staff(1, hotel), gustavesPhone);
        registerDevice(TestTokens.staff(2, hotel), zerosPhone);
        long conversation = createGroup(TestTokens.staff(1, hotel), "Front desk", 2, 3);

        long sent = send(TestTokens.staff(1, hotel), conversation, "Room 12 needs towels", "c-1");

        await().atMost(WAIT).until(() -> !fcm.requestsFor(zerosPhone).isEmpty());
        // Zero answers: Gustave's push of the answer shows that the first message's event was handled whole
        // (one conversation: one partition, in order), so what came for it has all come
        long answer = send(TestTokens.staff(2, hotel), conversation, "On my way", "c-2");
        await().atMost(WAIT).until(() -> !fcm.requestsFor(gustavesPhone).isEmpty());

        List<FcmTestServer.Request> zeros = fcm.requestsFor(zerosPhone);
        assertThat(zeros).as("one push for Zero, and none for his own answer").hasSize(1);
        FcmTestServer.Request push = zeros.get(0);
        assertThat(push.projectId()).isEqualTo(StaffChatSystem.FCM_PROJECT);
        assertThat(push.authorization())
                .as("the service account key's access token")
                .isEqualTo("Bearer " + FcmTestServer.ACCESS_TOKEN);
        assertThat(push.status()).isEqualTo(200);
        JsonNode message = push.message();
        assertThat(message.path("token").asString()).isEqualTo(zerosPhone);
        assertThat(message.path("notification").path("title").asString()).isEqualTo("Front desk");
        assertThat(message.path("notification").path("body").asString()).isEqualTo("Room 12 needs towels");
        JsonNode data = message.path("data");
        assertThat(data.path("hotel").asString()).isEqualTo(hotel);
        assertThat(data.path("conversationId").asString()).isEqualTo(Long.toString(conversation));
        assertThat(data.path("messageId").asString()).isEqualTo(Long.toString(sent));
        assertThat(data.path("seq").asString()).isEqualTo("1");
        assertThat(data.path("kind").asString()).isEqualTo("NEW_MESSAGE");
        assertThat(data.path("badge").asString()).as("Zero's unread").isEqualTo("1");
        assertThat(message.path("apns")
                        .path("payload")
                        .path("aps")
                        .path("badge")
                        .asInt())
                .isEqualTo(1);
        assertThat(message.path("android")
                        .path("notification")
                        .path("notification_count")
                        .asInt())
                .isEqualTo(1);
        assertThat(message.path("android").path("notification").path("tag").asString())
                .isEqualTo("conversation-" + conversation);

        assertThat(fcm.requestsFor(gustavesPhone))
                .as("the sender is not pushed his own message; he is pushed Zero's answer, once")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.message().path("data").path("messageId").asString())
                            .isEqualTo(Long.toString(answer));
                    assertThat(r.message().path("data").path("seq").asString()).isEqualTo("2");
                    assertThat(r.message().path("notification").path("body").asString())
                            .isEqualTo("On my way");
                });
    }

    private void registerDevice(String token, String deviceToken) {
        api.put()
                .uri("/api/v1/devices/{token}", deviceToken)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("platform", "ANDROID", "appVersion", "3.2.1", "locale", "de-AT"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.token")
                .isEqualTo(deviceToken)
                .jsonPath("$.platform")
                .isEqualTo("ANDROID");
    }

    private long createGroup(String token, String title, long... others) {
        Map<?, ?> body = api.post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "kind",
                        "GROUP",
                        "title",
                        title,
                        "participantIds",
                        Arrays.stream(others).boxed().toList()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    /** Sends through the gateway; the message's id. */
    private long send(String token, long conversation, String text, String clientId) {
        Map<?, ?> body = api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", text, "clientId", clientId))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }
}

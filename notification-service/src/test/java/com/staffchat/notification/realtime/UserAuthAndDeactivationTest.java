package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.Topics;
import com.staffchat.support.security.DeactivatedStaff;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pusher user authentication ({@code pusher:signin}) and the refusal of deactivated people on
 * channel auth and user auth. Deactivation is written with the same {@link DeactivatedStaff} code
 * message-service uses; the whole path (directory change → disconnect) is proved in system-tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONVERSATIONS, Topics.STAFF},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class UserAuthAndDeactivationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_ua");
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
    DeactivatedStaff deactivated;

    String hotel;

    @BeforeEach
    void hotel() {
        hotel = "ua-" + UUID.randomUUID().toString().substring(0, 8);
    }

    WebTestClient.ResponseSpec post(String path, String token, BodyInserters.FormInserter<String> form) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .post()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .exchange();
    }

    WebTestClient.ResponseSpec userAuth(String token, String socketId) {
        return post("/api/v1/realtime/user-auth", token, BodyInserters.fromFormData("socket_id", socketId));
    }

    WebTestClient.ResponseSpec channelAuth(String token, String channel) {
        return post(
                "/api/v1/realtime/auth",
                token,
                BodyInserters.fromFormData("socket_id", "1.2").with("channel_name", channel));
    }

    @Test
    void userAuthSignsTheHotelScopedIdAsPusherDoes() throws Exception {
        Map<?, ?> body = userAuth(TestTokens.staff(7, hotel), "123.456")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String userData = (String) body.get("user_data");
        Map<?, ?> user = JsonMapper.builder().build().readValue(userData, Map.class);
        assertThat(user.get("id")).isEqualTo(hotel + ":7");
        assertThat(body.get("auth")).isEqualTo(KEY + ":" + hmac("123.456::user::" + userData));
        userAuth(TestTokens.staff(7, hotel), "nope").expectStatus().isBadRequest();
    }

    @Test
    void anUnreadableSignInFormIsA400Problem() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .post()
                .uri("/api/v1/realtime/user-auth")
                .headers(h -> h.setBearerAuth(TestTokens.staff(7, hotel)))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("socket_id=%zz")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aDeactivatedPersonGetsNoSignaturesUntilReactivated() {
        String token = TestTokens.staff(7, hotel);
        String personal = "private-" + hotel + "-staff-7";
        channelAuth(token, personal).expectStatus().isOk();
        userAuth(token, "1.2").expectStatus().isOk();

        deactivated.deactivate(hotel, List.of(7L)).block();
        for (var response : List.of(
                channelAuth(token, personal),
                channelAuth(token, "presence-" + hotel + "-staff"),
                userAuth(token, "1.2"))) {
            response.expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://staffchat.dev/problems/deactivated");
        }
        channelAuth(TestTokens.staff(8, hotel), "private-" + hotel + "-staff-8")
                .expectStatus()
                .isOk();

        deactivated.reactivate(hotel, List.of(7L)).block();
        channelAuth(token, personal).expectStatus().isOk();
        userAuth(token, "1.2").expectStatus().isOk();
    }

    static String hmac(String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}

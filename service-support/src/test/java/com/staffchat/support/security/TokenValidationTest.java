package com.staffchat.support.security;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.TestTokens;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every service (and the gateway, which uses the same decoder) accepts as a caller's token. */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.security.jwt-secret=" + TestTokens.SECRET)
class TokenValidationTest {

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        refused(client, TestTokens.withClaims("{\"sub\":\"7\",\"hotel\":\"grand-budapest\",\"roles\":[\"staff\"]}"));
    }

    @Test
    void theDecodersReasonIsNeverEchoed() {
        refused(client, TestTokens.expired(7, "grand-budapest"));
        refused(client, TestTokens.forged(7, "grand-budapest"));
        refused(client, "not.a.jwt");
        refused(
                client,
                TestTokens.withClaims("{\"sub\":\"7\",\"hotel\":\"grand-budapest\",\"nbf\":" + in(600) + ",\"exp\":"
                        + in(1200) + "}"));
    }

    @Test
    void aTokenWithExpiryIsAccepted() {
        accepted(client, TestTokens.staff(7, "grand-budapest", "staff"));
    }

    static final String NO_REASON = "A valid bearer token is required";

    static long in(long seconds) {
        return Instant.now().getEpochSecond() + seconds;
    }

    static void refused(WebTestClient client, String token) {
        client.get()
                .uri("/api/v1/whoami")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/unauthorized")
                .jsonPath("$.detail")
                .isEqualTo(NO_REASON);
    }

    static void accepted(WebTestClient client, String token) {
        client.get()
                .uri("/api/v1/whoami")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.staffId")
                .isEqualTo(7);
    }
}

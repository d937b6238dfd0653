package com.staffchat.support.security;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every service refuses a deactivated person on every path, from the next request on (real Redis). */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.security.jwt-secret=" + TestTokens.SECRET)
class DeactivatedStaffTest {

    @LocalServerPort
    int port;

    @Autowired
    DeactivatedStaff deactivated;

    WebTestClient client;
    String hotel;

    @BeforeEach
    void client() {
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        hotel = "deact-" + UUID.randomUUID().toString().substring(0, 8);
    }

    WebTestClient.ResponseSpec whoami(long staffId) {
        return client.get()
                .uri("/api/v1/whoami")
                .headers(h -> h.setBearerAuth(TestTokens.staff(staffId, hotel, "staff")))
                .exchange();
    }

    @Test
    void aDeactivatedPersonGets403UntilReactivated() {
        whoami(5).expectStatus().isOk();
        deactivated.deactivate(hotel, List.of(5L)).block();
        whoami(5)
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/deactivated");
        client.post()
                .uri("/api/v1/notes")
                .headers(h -> h.setBearerAuth(TestTokens.staff(5, hotel, "staff")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"hi\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
        whoami(6).expectStatus().isOk();
        // the same id in another hotel is another person
        client.get()
                .uri("/api/v1/whoami")
                .headers(h -> h.setBearerAuth(TestTokens.staff(5, "other-" + hotel, "staff")))
                .exchange()
                .expectStatus()
                .isOk();

        deactivated.reactivate(hotel, List.of(5L)).block();
        whoami(5).expectStatus().isOk();
    }

    @Test
    void replaceAllMakesRedisSayExactlyTheDirectory() {
        deactivated.deactivate(hotel, List.of(1L, 2L)).block();
        deactivated.replaceAll(Map.of(hotel, Set.of(2L, 3L))).block();
        whoami(1).expectStatus().isOk();
        whoami(2).expectStatus().isForbidden();
        whoami(3).expectStatus().isForbidden();
        deactivated.replaceAll(Map.of()).block();
        whoami(2).expectStatus().isOk();
        whoami(3).expectStatus().isOk();
    }
}

package com.staffchat.testsupport;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every service answers when a dependency is unavailable, asserted in one place. */
public final class Problems {

    public static final String SERVICE_UNAVAILABLE = "https://staffchat.dev/problems/service-unavailable";

    private Problems() {}

    /**
     * A 503 RFC 9457 problem of type {@code service-unavailable} with {@code Retry-After: 1};
     * returns the body spec for further checks.
     */
    public static WebTestClient.BodyContentSpec expectServiceUnavailable(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(SERVICE_UNAVAILABLE)
                .jsonPath("$.status")
                .isEqualTo(503);
    }
}

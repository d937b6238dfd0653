package com.staffchat.support.validation;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.TestTokens;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The one text rule, as every service applies it to bodies, paths and query parameters. */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.security.jwt-secret=" + TestTokens.SECRET)
class TextRuleTest {

    @LocalServerPort
    int port;

    WebTestClient client;
    final String token = TestTokens.staff(7, "grand-budapest", "staff");

    @BeforeEach
    void client() {
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    WebTestClient.ResponseSpec post(String json) {
        return client.post()
                .uri("/api/v1/notes")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    void refused(String json, String detail) {
        post(json)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/invalid-request")
                .jsonPath("$.detail")
                .isEqualTo(detail);
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedNamingTheField() {
        refused("{\"title\":\"a\\u0000b\"}", "title: must not contain control characters (U+0000)");
        refused("{\"title\":\"a\\u001bb\"}", "title: must not contain control characters (U+001B)");
        refused("{\"title\":\"a\\u0085b\"}", "title: must not contain control characters (U+0085)");
        refused("{\"title\":\"a\\ud800b\"}", "title: must not contain a lone surrogate (invalid UTF-16)");
        refused("{\"title\":\"a\\udc00\"}", "title: must not contain a lone surrogate (invalid UTF-16)");
        refused("{\"title\":\"a\\nb\"}", "title: must be a single line without tabs");
        refused("{\"text\":\"a\\u0000b\"}", "text: must not contain control characters (U+0000)");
        refused("{\"text\":\"a\\rb\"}", "text: must not contain control characters (U+000D)");
        refused("{\"tags\":[\"ok\",\"b\\u0000\"]}", "tags[1]: must not contain control characters (U+0000)");
    }

    @Test
    void multilineFieldsKeepLineFeedsAndTabsAndLengthCountsCodePoints() {
        post("{\"title\":\"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\",\"text\":\"one\\n\\ttwo\"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("😀😀😀😀😀")
                .jsonPath("$.text")
                .isEqualTo("one\n\ttwo");
        refused("{\"title\":\"123456\"}", "title: must be 0 to 5 characters long");
    }

    @Test
    void pathsAndQueryParametersFollowTheSameRule() {
        for (String uri :
                new String[] {"/api/v1/search/a%00b?q=x", "/api/v1/search/ab?q=x%00y", "/api/v1/search/ab?q=x%0Ay"}) {
            client.get()
                    .uri(URI.create("http://127.0.0.1:" + port + uri))
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        client.get()
                .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/search/ab?q=x%20y"))
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("ab:x y");
    }
}

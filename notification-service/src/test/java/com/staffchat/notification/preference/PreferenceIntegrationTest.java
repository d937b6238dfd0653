package com.staffchat.notification.preference;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.Topics;
import com.staffchat.support.security.DeactivatedStaff;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * Notification preferences through the running service with real tokens: the defaults, a round trip, and every
 * refusal (bad quiet hours, bad zone, unknown fields, no token, deactivated) leaving what was stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONVERSATIONS, Topics.STAFF},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class PreferenceIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_pref");
    static final String PATH = "/api/v1/notification-preferences";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://key:secret@127.0.0.1:1/apps/1");
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
    }

    @LocalServerPort
    int port;

    @Autowired
    DeactivatedStaff deactivated;

    String hotel;

    @BeforeEach
    void hotel() {
        hotel = "pref-" + UUID.randomUUID().toString().substring(0, 8);
    }

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    WebTestClient.ResponseSpec get(String token) {
        return client().get()
                .uri(PATH)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange();
    }

    WebTestClient.ResponseSpec put(String token, String json) {
        return client().put()
                .uri(PATH)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> read(String token) {
        return get(token)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    static final String NIGHTS =
            "{\"push\":\"MENTIONS_AND_DIRECT\",\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"},"
                    + "\"timeZone\":\"Europe/Vienna\"}";

    @Test
    void withoutSavedPreferencesTheDefaultsAnswer() {
        assertThat(read(TestTokens.staff(1, hotel)))
                .containsExactlyInAnyOrderEntriesOf(
                        new java.util.HashMap<>(java.util.Map.of("push", "ALL", "timeZone", "UTC")) {
                            {
                                put("quietHours", null);
                                put("updatedAt", null);
                            }
                        });
    }

    @Test
    void savedPreferencesComeBackAsSavedAndOnlyForTheirOwner() {
        String anna = TestTokens.staff(1, hotel);
        Instant before = Instant.now();
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = put(anna, NIGHTS)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(saved)
                .containsEntry("push", "MENTIONS_AND_DIRECT")
                .containsEntry("quietHours", Map.of("start", "22:00", "end", "07:00"))
                .containsEntry("timeZone", "Europe/Vienna");
        assertThat(Instant.parse((String) saved.get("updatedAt"))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(read(anna)).isEqualTo(saved);

        // someone else, and the same staff id in another hotel, still have the defaults
        assertThat(read(TestTokens.staff(2, hotel))).containsEntry("push", "ALL");
        assertThat(read(TestTokens.staff(1, "elsewhere-" + hotel))).containsEntry("push", "ALL");

        // the whole document is replaced: no quiet hours now
        put(anna, "{\"push\":\"NONE\",\"quietHours\":null,\"timeZone\":\"Asia/Tokyo\"}")
                .expectStatus()
                .isOk();
        assertThat(read(anna))
                .containsEntry("push", "NONE")
                .containsEntry("quietHours", null)
                .containsEntry("timeZone", "Asia/Tokyo");
        put(anna, "{\"push\":\"ALL\",\"timeZone\":\"UTC\"}").expectStatus().isOk();
        assertThat(read(anna)).containsEntry("push", "ALL").containsEntry("quietHours", null);
    }

    @Test
    void quietHoursMayWrapMidnightOrNot() {
        String anna = TestTokens.staff(1, hotel);
        put(anna, "{\"push\":\"ALL\",\"quietHours\":{\"start\":\"12:30\",\"end\":\"13:45\"},\"timeZone\":\"UTC\"}")
                .expectStatus()
                .isOk();
        assertThat(read(anna)).containsEntry("quietHours", Map.of("start", "12:30", "end", "13:45"));
        put(anna, "{\"push\":\"ALL\",\"quietHours\":{\"start\":\"23:59\",\"end\":\"00:00\"},\"timeZone\":\"UTC\"}")
                .expectStatus()
                .isOk();
        assertThat(read(anna)).containsEntry("quietHours", Map.of("start", "23:59", "end", "00:00"));
    }

    @Test
    void badInputIsA400ProblemAndKeepsWhatWasSaved() {
        String anna = TestTokens.staff(1, hotel);
        put(anna, NIGHTS).expectStatus().isOk();
        Map<String, Object> saved = read(anna);

        List<String[]> bad = List.of(
                // quiet hours
                new String[] {quiet("\"07:00\"", "\"07:00\""), "invalid-request", "quietHours"},
                new String[] {quiet("\"25:00\"", "\"07:00\""), "invalid-request", "quietHours.start"},
                new String[] {quiet("\"22:00\"", "\"7:00\""), "invalid-request", "quietHours.end"},
                new String[] {quiet("\"22:00:00\"", "\"07:00\""), "invalid-request", "quietHours.start"},
                new String[] {quiet("\"22:00\"", "\"24:00\""), "invalid-request", "quietHours.end"},
                new String[] {quiet("\"22:00\"", "null"), "invalid-request", "quietHours.end"},
                new String[] {
                    "{\"push\":\"ALL\",\"quietHours\":{\"start\":\"22:00\"},\"timeZone\":\"UTC\"}",
                    "invalid-request",
                    "quietHours.end"
                },
                // time zone
                new String[] {zone("\"Mars/Olympus\""), "invalid-request", "timeZone"},
                new String[] {zone("\"+01:00\""), "invalid-request", "timeZone"},
                new String[] {zone("\"europe/vienna\""), "invalid-request", "timeZone"},
                new String[] {zone("\"\""), "invalid-request", "timeZone"},
                new String[] {zone("null"), "invalid-request", "timeZone"},
                new String[] {"{\"push\":\"ALL\"}", "invalid-request", "timeZone"},
                // push level
                new String[] {"{\"push\":\"SOMETIMES\",\"timeZone\":\"UTC\"}", "invalid-request", "push"},
                new String[] {"{\"timeZone\":\"UTC\"}", "invalid-request", "push"},
                // fields the document does not have
                new String[] {"{\"push\":\"ALL\",\"timeZone\":\"UTC\",\"staffId\":2}", "invalid-request", "staffId"},
                new String[] {
                    "{\"push\":\"ALL\",\"timeZone\":\"UTC\",\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\","
                            + "\"days\":\"weekdays\"}}",
                    "invalid-request",
                    "days"
                },
                // not a document
                new String[] {"{\"push\":", "malformed-request", ""},
                new String[] {"[]", "malformed-request", ""});
        for (String[] call : bad) {
            try {
                expectRefused(put(anna, call[0]), call);
            } catch (AssertionError e) {
                throw new AssertionError("PUT " + call[0] + ": " + e.getMessage(), e);
            }
        }
        assertThat(read(anna)).isEqualTo(saved);
    }

    static void expectRefused(WebTestClient.ResponseSpec response, String[] call) {
        response.expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + call[1])
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).startsWith(call[2]));
    }

    static String quiet(String start, String end) {
        return "{\"push\":\"ALL\",\"quietHours\":{\"start\":" + start + ",\"end\":" + end + "},\"timeZone\":\"UTC\"}";
    }

    static String zone(String zone) {
        return "{\"push\":\"ALL\",\"quietHours\":null,\"timeZone\":" + zone + "}";
    }

    @Test
    void withoutATokenIs401AndADeactivatedCallerIs403() {
        get(null).expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        put(null, NIGHTS).expectStatus().isUnauthorized();

        String anna = TestTokens.staff(1, hotel);
        deactivated.deactivate(hotel, List.of(1L)).block();
        try {
            for (var response : List.of(get(anna), put(anna, NIGHTS))) {
                response.expectStatus()
                        .isForbidden()
                        .expectHeader()
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.type")
                        .isEqualTo("https://staffchat.dev/problems/deactivated");
            }
        } finally {
            deactivated.reactivate(hotel, List.of(1L)).block();
        }
        assertThat(read(anna)).containsEntry("push", "ALL").containsEntry("updatedAt", null);
    }
}

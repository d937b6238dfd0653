package com.staffchat.notification.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.Topics;
import com.staffchat.support.security.DeactivatedStaff;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Push devices through the running service with real tokens: register, refresh, list, move between people and
 * hotels, remove, the per-person cap, and every refusal (no token, deactivated, bad input) changing nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONVERSATIONS, Topics.STAFF},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DeviceIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_dev");

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

    @Autowired
    DeviceRepository repository;

    String hotel;
    String otherHotel;

    @BeforeEach
    void hotels() {
        hotel = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        otherHotel = "dev-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A small typed client: one caller (a bearer token, or none). */
    final class Caller {
        final String token;

        Caller(String token) {
            this.token = token;
        }

        WebTestClient.RequestBodySpec request(HttpMethod method, String path, Object... vars) {
            return WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + port)
                    .build()
                    .method(method)
                    .uri(path, vars)
                    .headers(h -> {
                        if (token != null) {
                            h.setBearerAuth(token);
                        }
                    });
        }

        WebTestClient.ResponseSpec put(String deviceToken, String json) {
            return request(HttpMethod.PUT, "/api/v1/devices/{token}", deviceToken)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(json)
                    .exchange();
        }

        WebTestClient.ResponseSpec delete(String deviceToken) {
            return request(HttpMethod.DELETE, "/api/v1/devices/{token}", deviceToken)
                    .exchange();
        }

        WebTestClient.ResponseSpec list() {
            return request(HttpMethod.GET, "/api/v1/devices").exchange();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> devices() {
            Map<String, Object> body = list().expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            return (List<Map<String, Object>>) body.get("devices");
        }

        List<String> tokens() {
            return devices().stream().map(d -> (String) d.get("token")).toList();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> register(String deviceToken, String json, int status) {
            return put(deviceToken, json)
                    .expectStatus()
                    .isEqualTo(status)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_JSON)
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
        }
    }

    Caller staff(long id) {
        return new Caller(TestTokens.staff(id, hotel));
    }

    static String fcmToken() {
        // the shape of an FCM registration token: an instance id, a colon, then about 140 url-safe characters
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 21) + ":APA91b"
                + UUID.randomUUID().toString().replace("-", "").repeat(4);
    }

    static final String ANDROID = "{\"platform\":\"ANDROID\",\"appVersion\":\"3.2.1\",\"locale\":\"de-at\"}";

    @Test
    void registeringIs201RefreshingIs200AndTheCallerListsTheirDevices() {
        Caller anna = staff(1);
        String token = fcmToken();

        Map<String, Object> created = anna.register(token, ANDROID, 201);
        assertThat(created)
                .containsEntry("token", token)
                .containsEntry("platform", "ANDROID")
                .containsEntry("appVersion", "3.2.1")
                .containsEntry("locale", "de-AT"); // kept in its canonical form
        Instant registeredAt = Instant.parse((String) created.get("registeredAt"));
        assertThat(created.get("lastSeenAt")).isEqualTo(created.get("registeredAt"));

        Map<String, Object> refreshed =
                anna.register(token, "{\"platform\":\"ANDROID\",\"appVersion\":\"3.3.0\"}", 200);
        assertThat(Instant.parse((String) refreshed.get("registeredAt"))).isEqualTo(registeredAt);
        assertThat(Instant.parse((String) refreshed.get("lastSeenAt"))).isAfter(registeredAt);
        assertThat(refreshed).containsEntry("appVersion", "3.3.0").containsEntry("locale", null);

        String web = fcmToken();
        anna.register(web, "{\"platform\":\"WEB\"}", 201);
        assertThat(anna.tokens()).containsExactly(web, token); // seen most recently first
        assertThat(anna.devices().get(1)).containsEntry("appVersion", "3.3.0");
        assertThat(staff(2).tokens()).isEmpty();
    }

    @Test
    void aTokenRegisteredBySomeoneElseMovesToThemAndTheFirstCannotRemoveIt() {
        Caller anna = staff(1);
        Caller zero = staff(2);
        String shared = fcmToken();
        anna.register(shared, ANDROID, 201);

        Map<String, Object> moved = zero.register(shared, "{\"platform\":\"IOS\"}", 201);
        assertThat(moved).containsEntry("platform", "IOS").containsEntry("appVersion", null);

        assertThat(anna.tokens()).isEmpty();
        assertThat(zero.tokens()).containsExactly(shared);
        expectProblem(anna.delete(shared), 404, "not-found");
        assertThat(zero.tokens()).containsExactly(shared);
    }

    @Test
    void anotherHotelsTokenMovesWhenRegisteredAndIsA404ToRemove() {
        Caller here = staff(7);
        Caller sameIdElsewhere = new Caller(TestTokens.staff(7, otherHotel));
        String token = fcmToken();
        here.register(token, ANDROID, 201);

        expectProblem(sameIdElsewhere.delete(token), 404, "not-found");
        assertThat(here.tokens()).containsExactly(token);
        assertThat(sameIdElsewhere.tokens()).isEmpty();

        sameIdElsewhere.register(token, ANDROID, 201);
        assertThat(here.tokens()).isEmpty();
        assertThat(sameIdElsewhere.tokens()).containsExactly(token);
        expectProblem(here.delete(token), 404, "not-found");
    }

    @Test
    void removingOwnDeviceIs204ThenA404() {
        Caller anna = staff(1);
        String token = fcmToken();
        String kept = fcmToken();
        anna.register(token, ANDROID, 201);
        anna.register(kept, ANDROID, 201);

        anna.delete(token).expectStatus().isNoContent().expectBody().isEmpty();
        assertThat(anna.tokens()).containsExactly(kept);
        expectProblem(anna.delete(token), 404, "not-found");
        expectProblem(anna.delete(fcmToken()), 404, "not-found");
    }

    @Test
    void theTwentyFirstDeviceDropsTheOneSeenLeastRecently() {
        Caller anna = staff(1);
        List<String> tokens = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> {
            String t = "device-" + i + "-" + UUID.randomUUID();
            tokens.add(t);
            anna.register(t, ANDROID, 201);
        });
        anna.register(tokens.get(0), ANDROID, 200); // the oldest registered is seen again: now the newest
        assertThat(anna.tokens()).hasSize(20);

        String newcomer = "device-20-" + UUID.randomUUID();
        anna.register(newcomer, ANDROID, 201);

        List<String> now = anna.tokens();
        assertThat(now).hasSize(20).contains(newcomer, tokens.get(0)).doesNotContain(tokens.get(1));
        // someone else's devices are untouched by Anna's cap
        String zeros = fcmToken();
        staff(2).register(zeros, ANDROID, 201);
        anna.register("device-21-" + UUID.randomUUID(), ANDROID, 201);
        assertThat(staff(2).tokens()).containsExactly(zeros);
        assertThat(anna.tokens()).hasSize(20).doesNotContain(tokens.get(2));
    }

    @Test
    void aDeactivatedCallerIsRefusedAndChangesNothing() {
        Caller anna = staff(1);
        String token = fcmToken();
        anna.register(token, ANDROID, 201);

        deactivated.deactivate(hotel, List.of(1L)).block();
        try {
            for (var response :
                    List.of(anna.put(token, ANDROID), anna.put(fcmToken(), ANDROID), anna.delete(token), anna.list())) {
                expectProblem(response, 403, "deactivated");
            }
        } finally {
            deactivated.reactivate(hotel, List.of(1L)).block();
        }
        assertThat(anna.tokens()).containsExactly(token);
    }

    @Test
    void withoutATokenEveryDeviceCallIs401() {
        Caller nobody = new Caller(null);
        for (var response : List.of(nobody.put("tok", ANDROID), nobody.delete("tok"), nobody.list())) {
            response.expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void aTokenOf4096PrintableCharactersIsTakenAndOneMoreIsRefused() {
        Caller anna = staff(1);
        String longest = "A".repeat(4095) + "~";
        anna.register(longest, "{\"platform\":\"WEB\"}", 201);
        expectProblem(anna.put("A".repeat(4097), "{\"platform\":\"WEB\"}"), 400, "invalid-request");
        assertThat(anna.tokens()).containsExactly(longest);
    }

    @Test
    void badInputIsA400ProblemAndChangesNothing() {
        Caller anna = staff(1);
        String token = fcmToken();
        anna.register(token, ANDROID, 201);
        List<Map<String, Object>> before = anna.devices();

        String fresh = fcmToken();
        List<String[]> bad = List.of(
                // token, body, problem type
                new String[] {"has space", ANDROID, "invalid-request"},
                new String[] {"tök", ANDROID, "invalid-request"},
                new String[] {"nul\u0000", ANDROID, "invalid-request"},
                new String[] {"tab\tbed", ANDROID, "invalid-request"},
                new String[] {fresh, "{}", "invalid-request"},
                new String[] {fresh, "{\"platform\":null}", "invalid-request"},
                new String[] {fresh, "{\"platform\":\"BLACKBERRY\"}", "invalid-request"},
                new String[] {fresh, "{\"platform\":\"android\"}", "invalid-request"},
                new String[] {
                    fresh, "{\"platform\":\"IOS\",\"appVersion\":\"" + "9".repeat(65) + "\"}", "invalid-request"
                },
                new String[] {fresh, "{\"platform\":\"IOS\",\"appVersion\":\" \"}", "invalid-request"},
                new String[] {fresh, "{\"platform\":\"IOS\",\"locale\":\"not a locale\"}", "invalid-request"},
                new String[] {
                    fresh, "{\"platform\":\"IOS\",\"locale\":\"de-AT-" + "x".repeat(40) + "\"}", "invalid-request"
                },
                new String[] {fresh, "{\"platform\":\"IOS\",\"locale\":\"\"}", "invalid-request"},
                new String[] {fresh, "{\"platform\":\"IOS\",\"appVersion\":\"1\\u0000\"}", "invalid-request"},
                new String[] {fresh, "{\"platform\":\"IOS\",\"staffId\":2}", "invalid-request"},
                new String[] {fresh, "{\"platform\":\"IOS\",\"hotel\":\"" + otherHotel + "\"}", "invalid-request"},
                new String[] {fresh, "{\"platform\":", "malformed-request"},
                new String[] {fresh, "[\"IOS\"]", "malformed-request"},
                // a refresh of Anna's own token with a bad body leaves it as it was
                new String[] {token, "{\"platform\":\"PALM\"}", "invalid-request"},
                new String[] {token, "{\"platform\":\"IOS\",\"locale\":\"??\"}", "invalid-request"});
        for (String[] call : bad) {
            expectProblem(anna.put(call[0], call[1]), 400, call[2]);
        }
        expectProblem(anna.delete("has space"), 400, "invalid-request");
        expectProblem(anna.delete("A".repeat(4097)), 400, "invalid-request");

        assertThat(anna.devices()).isEqualTo(before);
        assertThat(repository
                        .tokensOf(hotel, List.of(1L))
                        .map(Device::token)
                        .collectList()
                        .block())
                .containsExactly(token);
    }

    @Test
    void theSenderFindsRecipientsTokensInTheirHotelAndRemovesDeadOnes() {
        String a1 = fcmToken();
        String a2 = fcmToken();
        String z = fcmToken();
        String elsewhere = fcmToken();
        staff(1).register(a1, ANDROID, 201);
        staff(1).register(a2, "{\"platform\":\"IOS\",\"locale\":\"hu\"}", 201);
        staff(2).register(z, ANDROID, 201);
        staff(3).register(fcmToken(), ANDROID, 201);
        new Caller(TestTokens.staff(2, otherHotel)).register(elsewhere, ANDROID, 201);

        List<Device> found =
                repository.tokensOf(hotel, List.of(1L, 2L, 99L)).collectList().block();
        assertThat(found).extracting(Device::token).containsExactlyInAnyOrder(a1, a2, z);
        assertThat(found).filteredOn(d -> d.token().equals(a2)).singleElement().satisfies(d -> {
            assertThat(d.staffId()).isEqualTo(1L);
            assertThat(d.platform()).isEqualTo(Platform.IOS);
            assertThat(d.locale()).isEqualTo("hu");
        });
        assertThat(repository.tokensOf(hotel, List.of()).collectList().block()).isEmpty();

        assertThat(repository.remove(List.of(a1, elsewhere, "never-registered")).block())
                .isEqualTo(2L);
        assertThat(staff(1).tokens()).containsExactly(a2);
        assertThat(new Caller(TestTokens.staff(2, otherHotel)).tokens()).isEmpty();
        assertThat(repository.remove(List.of()).block()).isZero();
    }

    @Test
    void theOpenApiDocumentDescribesEachDeviceAndPreferenceOperation() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/devices'].get.summary")
                .isEqualTo("My push devices")
                .jsonPath("$.paths['/api/v1/devices/{token}'].put.responses['201'].content['application/json']"
                        + ".examples.example.value.platform")
                .isEqualTo("ANDROID")
                .jsonPath("$.paths['/api/v1/devices/{token}'].put.responses['400']")
                .exists()
                .jsonPath("$.paths['/api/v1/devices/{token}'].delete.responses['404']")
                .exists()
                .jsonPath("$.paths['/api/v1/notification-preferences'].get.responses['200'].content['application/json']"
                        + ".examples.example.value.timeZone")
                .isEqualTo("Europe/Vienna")
                .jsonPath("$.paths['/api/v1/notification-preferences'].put.requestBody.content['application/json']"
                        + ".examples.nights.value.quietHours.start")
                .isEqualTo("22:00")
                .jsonPath("$.paths['/api/v1/notification-preferences'].put.responses['400']")
                .exists();
    }

    /** What the gateway's documentation system test asks of every operation, checked here for these five. */
    @Test
    @SuppressWarnings("unchecked")
    void eachDeviceAndPreferenceOperationHasExamplesAndItsProblems() {
        Map<String, Object> doc = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        Map<String, Object> shared =
                (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("responses");
        List<String> missing = new ArrayList<>();
        Map<String, List<String>> ours = Map.of(
                "/api/v1/devices", List.of("get"),
                "/api/v1/devices/{token}", List.of("put", "delete"),
                "/api/v1/notification-preferences", List.of("get", "put"));
        ours.forEach((path, methods) -> methods.forEach(method -> {
            String name = method + " " + path;
            Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get(method);
            if (op == null) {
                missing.add(name);
                return;
            }
            if (op.get("summary") == null) {
                missing.add(name + ": summary");
            }
            Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
            if (body != null) {
                ((Map<String, Object>) body.get("content")).forEach((type, media) -> {
                    if (!hasExample(media)) {
                        missing.add(name + ": request example for " + type);
                    }
                });
            }
            Map<String, Object> responses = (Map<String, Object>) op.get("responses");
            responses.forEach((code, value) -> {
                int status = Integer.parseInt(code);
                Map<String, Object> response = (Map<String, Object>) value;
                Object ref = response.get("$ref");
                if (ref != null) {
                    response = (Map<String, Object>) shared.get(((String) ref).replace("#/components/responses/", ""));
                }
                Map<String, Object> content = (Map<String, Object>) response.get("content");
                if (status >= 200 && status < 300 && status != 204) {
                    if (content == null || content.values().stream().noneMatch(DeviceIntegrationTest::hasExample)) {
                        missing.add(name + ": example for " + status);
                    }
                } else if (status >= 400 && (content == null || !hasExample(content.get("application/problem+json")))) {
                    missing.add(name + ": problem example for " + status);
                }
            });
            for (String status : List.of("400", "401", "403")) {
                if (!responses.containsKey(status) && !(method.equals("get"))) {
                    missing.add(name + ": " + status);
                }
            }
        }));
        assertThat(missing).isEmpty();
        Map<String, Object> delete =
                (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/devices/{token}")).get("delete");
        assertThat((Map<String, Object>) delete.get("responses")).containsKeys("204", "404");
    }

    @SuppressWarnings("unchecked")
    static boolean hasExample(Object media) {
        if (!(media instanceof Map<?, ?> m)) {
            return false;
        }
        Object examples = m.get("examples");
        return m.containsKey("example") || (examples instanceof Map<?, ?> e && !e.isEmpty());
    }

    static void expectProblem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + type);
    }
}

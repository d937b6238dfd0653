package com.staffchat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The route map and the gateway's own refusals. Behind it stand three plain HTTP servers that
 * answer with their name, the path and the Authorization header they received.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    static final List<HttpServer> SERVERS = new ArrayList<>();
    static final String SEEN_TRACEPARENT = "X-Seen-Traceparent";
    static final String MESSAGE = downstream("message");
    static final String ATTACHMENT = downstream("attachment");
    static final String NOTIFICATION = downstream("notification");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.services.message-url", () -> MESSAGE);
        registry.add("staffchat.services.attachment-url", () -> ATTACHMENT);
        registry.add("staffchat.services.notification-url", () -> NOTIFICATION);
        registry.add("staffchat.rate-limit.replenish-rate", () -> "1");
        registry.add("staffchat.rate-limit.burst-capacity", () -> "5");
    }

    @LocalServerPort
    int port;

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    String call(String token, String path) {
        return client().get()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists(Routes.REQUEST_ID)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void routesEachOperationOfTheRouteMapToItsService() {
        for (RouteMap.ApiRoute route : RouteMap.API) {
            // a caller of its own for each, so the test's small burst does not refuse it
            String token =
                    TestTokens.staff(1, "route-" + UUID.randomUUID().toString().substring(0, 6));
            String path = route.path().replaceAll("\\{[^}]+}", "5");
            String answer = client().method(HttpMethod.valueOf(route.method()))
                    .uri(path)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .exists(Routes.REQUEST_ID)
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(answer).as(route.toString()).isEqualTo(route.service() + " " + path + " Bearer " + token);
        }
    }

    @Test
    void aPercentEncodedEmojiInThePathReachesTheServiceIntact() {
        String token =
                TestTokens.staff(1, "route-" + UUID.randomUUID().toString().substring(0, 6));
        String family = "👨‍👩‍👧"; // a ZWJ sequence: 5 code points, 18 bytes of UTF-8
        String encoded = java.net.URLEncoder.encode(family, StandardCharsets.UTF_8);
        String answer = client().delete()
                .uri(base -> java.net.URI.create(base.build() + "/api/v1/messages/5/reactions/" + encoded))
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).isEqualTo("message /api/v1/messages/5/reactions/" + family + " Bearer " + token);
    }

    @Test
    void aSearchOfFiveHundredChineseCharactersPassesTheGateway() {
        // 500 characters, the most a search takes: 4,500 bytes percent-encoded, above Netty's default
        // 4,096-byte request line (server.netty.max-initial-line-length raises it)
        String token =
                TestTokens.staff(1, "route-" + UUID.randomUUID().toString().substring(0, 6));
        String q = java.net.URLEncoder.encode("毛".repeat(500), StandardCharsets.UTF_8);
        String answer = client().get()
                .uri(base -> java.net.URI.create(base.build() + "/api/v1/search?q=" + q))
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).isEqualTo("message /api/v1/search Bearer " + token);
    }

    @Test
    void whatTheRouteMapLacksIsA404ProblemFromTheGateway() {
        String token =
                TestTokens.staff(5, "route-" + UUID.randomUUID().toString().substring(0, 6));
        for (String[] call : List.of(
                new String[] {"GET", "/api/v1/devices/tok"},
                new String[] {"DELETE", "/api/v1/notification-preferences"},
                new String[] {"PUT", "/api/v1/attachments/abc"},
                new String[] {"DELETE", "/api/v1/conversations/5"},
                new String[] {"GET", "/api/v1/realtime/auth"},
                new String[] {"GET", "/api/v1/conversations/5/messages/7/secret"})) {
            client().method(HttpMethod.valueOf(call[0]))
                    .uri(call[1])
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://staffchat.dev/problems/not-found")
                    .jsonPath("$.detail")
                    .isEqualTo("No operation " + call[0] + " " + call[1]
                            + " here; the API's operations are listed in docs/api.md");
        }
    }

    @Test
    void servesEachServicesOpenApiDocumentWithoutAToken() {
        for (String service : RouteMap.SERVICES) {
            client().get()
                    .uri(RouteMap.documentPath(service))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo(service + " /v3/api-docs null");
        }
    }

    @Test
    void oneSwaggerUiListsEveryServicesDocument() {
        client().get()
                .uri("/swagger-ui.html")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .expectHeader()
                .valueMatches("Location", ".*/swagger-ui/index.html");
        client().get()
                .uri("/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("swagger-ui"));
        var config = client().get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        for (String service : RouteMap.SERVICES) {
            assertThat(config).contains("\"url\":\"" + RouteMap.documentPath(service) + "\"");
        }
    }

    @Test
    void missingExpiredOrForgedTokensGet401Problems() {
        client().get()
                .uri("/api/v1/conversations")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/unauthorized");
        for (String bad :
                List.of(TestTokens.expired(1, "grand-budapest"), TestTokens.forged(1, "grand-budapest"), "not.a.jwt")) {
            client().get()
                    .uri("/api/v1/conversations")
                    .headers(h -> h.setBearerAuth(bad))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    /** Issue 14: a token without {@code exp} was accepted forever; the 401 body named the decoder's reason. */
    @Test
    void aTokenWithoutExpiryIsRefusedAndTheReasonIsNotEchoed() {
        String noExp = TestTokens.withClaims("{\"sub\":\"1\",\"hotel\":\"grand-budapest\",\"roles\":[\"staff\"]}");
        client().get()
                .uri("/api/v1/staff")
                .headers(h -> h.setBearerAuth(noExp))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("A valid bearer token is required");
        client().get()
                .uri("/api/v1/staff")
                .headers(h -> h.setBearerAuth(TestTokens.expired(1, "grand-budapest")))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("A valid bearer token is required");
    }

    @Test
    void healthIsPublic() {
        client().get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aCallerOverTheRateLimitGets429() {
        String token =
                TestTokens.staff(3, "rate-" + UUID.randomUUID().toString().substring(0, 6));
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            var result = client().get()
                    .uri("/api/v1/staff")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .returnResult(String.class);
            if (result.getStatus().value() == 429) {
                limited++;
                assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Remaining"))
                        .isEqualTo("0");
                assertThat(result.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
                assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Replenish-Rate"))
                        .isEqualTo("1");
                assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Burst-Capacity"))
                        .isEqualTo("5");
                assertThat(result.getResponseBody().blockFirst()).contains("/problems/rate-limited");
            }
        }
        assertThat(limited).as("requests refused out of 12 with a burst of 5").isGreaterThanOrEqualTo(5);
        String other =
                TestTokens.staff(4, "rate-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(call(other, "/api/v1/staff"))
                .as("another caller has its own bucket")
                .startsWith("message ");
    }

    @Test
    void aProxiedRequestCarriesTheCallersTraceContextToTheService() {
        String token =
                TestTokens.staff(6, "trace-" + UUID.randomUUID().toString().substring(0, 6));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String seen = client().get()
                .uri("/api/v1/staff")
                .headers(h -> h.setBearerAuth(token))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst(SEEN_TRACEPARENT);
        assertThat(seen).as("the traceparent the service received").startsWith("00-" + traceId + "-");
        assertThat(seen).as("the gateway's own span is the parent").doesNotContain("00f067aa0ba902b7");

        String started = client().get()
                .uri("/api/v1/staff")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst(SEEN_TRACEPARENT);
        assertThat(started).as("without one, the gateway starts a trace").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void proxiedRequestsAreTimedPerHopAndRefusalsAreNot() {
        String token =
                TestTokens.staff(7, "hops-" + UUID.randomUUID().toString().substring(0, 6));
        long before = hopCount("gateway.total");
        call(token, "/api/v1/staff");
        client().get().uri("/api/v1/staff").exchange().expectStatus().isUnauthorized();
        assertThat(hopCount("gateway.total")).isEqualTo(before + 1);
        assertThat(hopCount("gateway.filters")).isGreaterThanOrEqualTo(before + 1);
        client().get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("staffchat_pipeline_hop_seconds_bucket{hop=\"gateway.total\"")
                        .contains("staffchat_pipeline_hop_seconds_bucket{hop=\"gateway.filters\""));
    }

    @Autowired
    MeterRegistry registry;

    long hopCount(String hop) {
        var timer = registry.find(PipelineHops.TIMER).tag("hop", hop).timer();
        return timer == null ? 0 : timer.count();
    }

    static String downstream(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + " " + exchange.getRequestURI().getPath() + " "
                                + exchange.getRequestHeaders().getFirst("Authorization"))
                        .getBytes(StandardCharsets.UTF_8);
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                if (traceparent != null) {
                    exchange.getResponseHeaders().set(SEEN_TRACEPARENT, traceparent);
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            SERVERS.add(server);
            return "http://127.0.0.1:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.forEach(s -> s.stop(0));
    }
}

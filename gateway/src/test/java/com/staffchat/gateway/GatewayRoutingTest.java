package com.staffchat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
    void whatTheRouteMapLacksIsA404ProblemFromTheGateway() {
        String token =
                TestTokens.staff(5, "route-" + UUID.randomUUID().toString().substring(0, 6));
        for (String[] call : List.of(
                new String[] {"GET", "/api/v1/devices/tok"},
                new String[] {"GET", "/api/v1/attachments/abc/url"},
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
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
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

    static String downstream(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + " " + exchange.getRequestURI().getPath() + " "
                                + exchange.getRequestHeaders().getFirst("Authorization"))
                        .getBytes(StandardCharsets.UTF_8);
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

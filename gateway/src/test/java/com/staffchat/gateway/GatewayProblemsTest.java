package com.staffchat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.testsupport.Problems;
import com.staffchat.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The gateway's answers when what stands behind it fails: message-service is down (nothing listens
 * on its port), attachment-service drops every connection before answering, notification-service
 * holds each request until the test lets it go, and the gateway takes at most two requests at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayProblemsTest {

    static final String DOWN = "http://127.0.0.1:" + closedPort();
    static final ServerSocket DROPPING = dropping();
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger HELD = new AtomicInteger();
    static final HttpServer HOLDING = holding();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.services.message-url", () -> DOWN);
        registry.add("staffchat.services.attachment-url", () -> "http://127.0.0.1:" + DROPPING.getLocalPort());
        registry.add(
                "staffchat.services.notification-url",
                () -> "http://127.0.0.1:" + HOLDING.getAddress().getPort());
        registry.add("staffchat.overload.max-in-flight", () -> "2");
    }

    @LocalServerPort
    int port;

    WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    String token() {
        return TestTokens.staff(2, "problems-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    void aServiceThatIsDownIsA503ProblemWithRetryAfter() {
        Problems.expectServiceUnavailable(client().get()
                .uri("/api/v1/staff")
                .headers(h -> h.setBearerAuth(token()))
                .exchange());
    }

    @Test
    void aServiceThatDropsTheConnectionIsA502Problem() {
        // no route of the map goes to attachment-service yet; its OpenAPI document does
        client().get()
                .uri(RouteMap.documentPath("attachment"))
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/bad-gateway");
    }

    @Test
    void beyondItsRequestsInFlightTheGatewayRefusesWith503AndRetryAfter() throws Exception {
        String token = token();
        List<CompletableFuture<ResponseEntity<Void>>> held = List.of(heldRequest(token), heldRequest(token));
        await().atMost(Duration.ofSeconds(20)).until(() -> HELD.get() >= 2);

        client().get()
                .uri("/api/v1/staff")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/service-unavailable")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("requests in flight"));

        RELEASE.countDown();
        for (CompletableFuture<ResponseEntity<Void>> result : held) {
            assertThat(result.get(20, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(200);
        }
    }

    /** Sent without waiting for the answer, which the holding server keeps back. */
    CompletableFuture<ResponseEntity<Void>> heldRequest(String token) {
        return WebClient.create("http://127.0.0.1:" + port)
                .post()
                .uri("/api/v1/realtime/auth")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("socket_id=1.2&channel_name=private-x")
                .retrieve()
                .toBodilessEntity()
                .toFuture();
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts each connection, reads a little of the request and closes it without an answer. */
    static ServerSocket dropping() {
        try {
            ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread accepting = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.getInputStream().read(new byte[256]);
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers 200 only once the test releases it. */
    static HttpServer holding() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                HELD.incrementAndGet();
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        RELEASE.countDown();
        HOLDING.stop(0);
        DROPPING.close();
    }
}

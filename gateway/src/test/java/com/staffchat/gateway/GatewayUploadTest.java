package com.staffchat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A large upload passes the gateway streamed: the service behind it receives the first bytes while the client
 * is still holding back the rest (a gateway that buffered bodies would never forward them, and the test would
 * time out), and an upload that takes longer than the proxy's response timeout still gets its answer, because
 * upload routes have {@code staffchat.uploads.response-timeout}. Other routes keep the short timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayUploadTest {

    static final int CHUNK = 64 * 1024;
    static final long TOTAL = 64L * 1024 * 1024;
    static final CompletableFuture<Void> FIRST_BYTES_ARRIVED = new CompletableFuture<>();
    static final HttpServer ATTACHMENT = attachmentService();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + ATTACHMENT.getAddress().getPort();
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.services.message-url", () -> url);
        registry.add("staffchat.services.attachment-url", () -> url);
        registry.add("staffchat.services.notification-url", () -> url);
        registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "1s");
        registry.add("staffchat.uploads.response-timeout", () -> "60s");
    }

    @LocalServerPort
    int port;

    /** Counts the bytes it receives and answers the count, after more than the proxy's 1 s response timeout. */
    static HttpServer attachmentService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                long received = 0;
                byte[] buffer = new byte[CHUNK];
                try (InputStream in = exchange.getRequestBody()) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        received += n;
                        FIRST_BYTES_ARRIVED.complete(null);
                    }
                }
                try {
                    // a slow service: its answer comes later than the proxy's default response timeout
                    TimeUnit.MILLISECONDS.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = Long.toString(received).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        ATTACHMENT.stop(0);
    }

    WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    @Test
    void largeUploadStreamsThroughAndOutlastsTheProxyResponseTimeout() {
        byte[] chunk = new byte[CHUNK];
        var factory = DefaultDataBufferFactory.sharedInstance;
        int chunks = (int) (TOTAL / CHUNK);
        // the first megabyte, then nothing more until the service behind the gateway has seen bytes
        Flux<DataBuffer> body = Flux.range(0, 16)
                .map(i -> (DataBuffer) factory.wrap(chunk))
                .concatWith(Mono.fromFuture(FIRST_BYTES_ARRIVED)
                        .timeout(Duration.ofSeconds(20))
                        .thenMany(Flux.range(16, chunks - 16).map(i -> (DataBuffer) factory.wrap(chunk))));

        String received = client().post()
                .uri("/api/v1/conversations/{id}/attachments", 5)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, "grand-budapest")))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=x"))
                .body(body, DataBuffer.class)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(Long.parseLong(received)).isEqualTo(TOTAL);
    }

    @Test
    void otherRoutesKeepTheShortResponseTimeout() {
        client().get()
                .uri("/api/v1/attachments/{id}", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                .headers(h -> h.setBearerAuth(TestTokens.staff(2, "grand-budapest")))
                .exchange()
                .expectStatus()
                .isEqualTo(504);
    }
}

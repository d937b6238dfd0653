package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.Problems;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Above the knee: with every pooled connection held, a send waits at most the pool's acquire time
 * and is refused with 503 and Retry-After, stores nothing, and goes through once a connection is free.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DatabaseOverloadTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_overload");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("spring.r2dbc.pool.initial-size", () -> "1");
        registry.add("spring.r2dbc.pool.max-size", () -> "2");
        registry.add("spring.r2dbc.pool.max-acquire-time", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFactory pool;

    @Test
    void sendWithNoConnectionFreeIs503WithRetryAfterAndStoresNothing() {
        ChatApi api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        String hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        api.seedStaff(TestTokens.manager(1, hotel), 1, 2);
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Busy night", 2);

        List<Connection> held = holdEveryConnection();
        try {
            assertThat(held).isNotEmpty();
            var refused = api.send(alice, conversation, "while the pool is exhausted", "overload-1");
            Problems.expectServiceUnavailable(refused);
            // its body was read: the connection stays for the retry (a close per refusal made overload worse)
            refused.expectHeader().doesNotExist("Connection");
        } finally {
            Flux.fromIterable(held).concatMap(Connection::close).blockLast(Duration.ofSeconds(10));
        }

        // nothing was stored by the refused send; the retry with its client id is the first message
        assertThat(api.listIds(alice, conversation, "")).isEmpty();
        Map<?, ?> stored = api.send(alice, conversation, "while the pool is exhausted", "overload-1")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(stored.get("seq")).isEqualTo(1);
    }

    /** Takes connections from the pool until it has none left to give within its acquire time. */
    private List<Connection> holdEveryConnection() {
        List<Connection> held = new ArrayList<>();
        while (held.size() < 10) {
            Connection c =
                    Mono.from(pool.create()).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(5));
            if (c == null) {
                return held;
            }
            held.add(c);
        }
        throw new AssertionError("the pool gave more than 10 connections; is max-size applied?");
    }
}

package com.staffchat.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.Problems;
import com.staffchat.testsupport.S3ProxyServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * S3 goes away while the service runs: an upload is a 503 problem with Retry-After and writes no row and no
 * event; a delete is a 503 and leaves the attachment as it was (it can be repeated once S3 is back).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class StorageOutageIntegrationTest {

    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final MessageServiceStandIn MESSAGE_SERVICE = new MessageServiceStandIn();
    static final String SCHEMA = TestDatabase.freshSchema("attachment_outage");
    static final String HOTEL = "grand-budapest";
    static final String BOUNDARY = "outage-boundary-1234";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("staffchat.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("staffchat.s3.bucket", () -> "attachments-outage");
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.services.message-url", MESSAGE_SERVICE::url);
        registry.add("staffchat.attachments.storage-timeout", () -> "3s");
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        MESSAGE_SERVICE.close();
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    WebTestClient.ResponseSpec upload(long conversation) {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"note.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nRoom 12 needs towels\r\n--" + BOUNDARY + "--\r\n";
        return web.post()
                .uri("/api/v1/conversations/{id}/attachments", conversation)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, HOTEL, "staff")))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    long count(String sql) {
        return database.sql(sql).map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5));
    }

    @Test
    void storeDownIs503AndNothingIsHalfWritten() {
        MESSAGE_SERVICE.join(HOTEL, 7, 1);
        byte[] stored =
                upload(7).expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String id = new JsonMapper()
                .readTree(stored)
                .get("attachments")
                .get(0)
                .get("id")
                .asString();
        long rowsBefore = count("select count(*) from attachment");
        long eventsBefore = count("select count(*) from outbox");

        S3.close();

        Problems.expectServiceUnavailable(upload(7))
                .jsonPath("$.detail")
                .isEqualTo("File storage cannot answer right now; nothing was changed, retry later");
        assertThat(count("select count(*) from attachment")).isEqualTo(rowsBefore);
        assertThat(count("select count(*) from outbox")).isEqualTo(eventsBefore);

        Problems.expectServiceUnavailable(web.delete()
                .uri("/api/v1/attachments/{id}", id)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, HOTEL, "staff")))
                .exchange());
        web.get()
                .uri("/api/v1/attachments/{id}", id)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, HOTEL, "staff")))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(count("select count(*) from outbox")).isEqualTo(eventsBefore);
    }
}

package com.staffchat.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.S3ProxyServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The walking skeleton: the service starts against real PostgreSQL, Kafka and S3, and is ready. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AttachmentServiceStartupTest {

    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final String SCHEMA = TestDatabase.freshSchema("attachment_it");
    static final String BUCKET = "attachments-it";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("staffchat.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("staffchat.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("staffchat.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
        registry.add("staffchat.s3.bucket", () -> BUCKET);
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        S3.close();
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    S3Presigner presigner;

    @Test
    void bucketExistsAfterStart() {
        // an independent client, so the check does not share the service's configuration
        try (S3AsyncClient client = S3AsyncClient.builder()
                .endpointOverride(S3.endpoint())
                .region(Region.of(S3ProxyServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build()) {
            List<String> buckets = client.listBuckets().join().buckets().stream()
                    .map(Bucket::name)
                    .toList();
            assertThat(buckets).containsExactly(BUCKET);
        }
    }

    @Test
    void flywayCreatedTheServiceTablesInItsOwnSchema() {
        // unqualified current_schema(): also proves R2DBC connections use the service's schema
        String current = database.sql("select current_schema()")
                .map(row -> row.get(0, String.class))
                .one()
                .block(Duration.ofSeconds(5));
        assertThat(current).isEqualTo(SCHEMA);

        List<String> tables = database.sql("select table_name from information_schema.tables"
                        + " where table_schema = current_schema() order by table_name")
                .map(row -> row.get("table_name", String.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(5));
        assertThat(tables).containsExactly("attachment", "flyway_schema_history", "outbox", "processed_events");

        List<String> columns = database.sql(
                        "select column_name from information_schema.columns"
                                + " where table_schema = current_schema() and table_name = 'attachment' order by ordinal_position")
                .map(row -> row.get("column_name", String.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(5));
        assertThat(columns)
                .containsExactly(
                        "id",
                        "hotel",
                        "conversation_id",
                        "uploader_id",
                        "message_id",
                        "file_name",
                        "content_type",
                        "size_bytes",
                        "object_key",
                        "thumbnail_key",
                        "created_at",
                        "deleted_at",
                        "sha256",
                        "thumbnail_status",
                        "thumbnail_status_at",
                        "thumbnail_attempts",
                        "thumbnail_error",
                        "thumbnail_small_width",
                        "thumbnail_small_height",
                        "thumbnail_large_key",
                        "thumbnail_large_width",
                        "thumbnail_large_height");
    }

    @Test
    void readinessIsUp() {
        web.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }

    @Test
    void livenessIsUp() {
        web.get()
                .uri("/actuator/health/liveness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }

    @Test
    void prometheusMetricsArePublic() {
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    }

    @Test
    void apiWithoutTokenGets401Problem() {
        web.get()
                .uri("/api/v1/attachments/{id}", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.instance")
                .isEqualTo("/api/v1/attachments/6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a");
    }

    @Test
    void apiWithForgedTokenGets401Problem() {
        web.get()
                .uri("/api/v1/attachments/{id}", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                .headers(h -> h.setBearerAuth(TestTokens.forged(7, "grand-hotel")))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void presignedUploadAndDownloadUrlsWorkAgainstTheStore() throws Exception {
        String key = "it/" + SCHEMA + "/hello.txt";
        URI put = presigner
                .presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(1))
                        .putObjectRequest(o -> o.bucket(BUCKET).key(key).contentType("text/plain")))
                .url()
                .toURI();
        URI get = presigner
                .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(1))
                        .getObjectRequest(o -> o.bucket(BUCKET).key(key)))
                .url()
                .toURI();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> uploaded = http.send(
                HttpRequest.newBuilder(put)
                        .header("Content-Type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString("hello from the front desk"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);

        HttpResponse<String> downloaded =
                http.send(HttpRequest.newBuilder(get).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(downloaded.statusCode()).as(downloaded.body()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo("hello from the front desk");

        HttpResponse<String> tampered = http.send(
                HttpRequest.newBuilder(URI.create(get.toString().replace("hello.txt", "other.txt")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(403);
    }
}

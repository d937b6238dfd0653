package com.staffchat.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.Problems;
import com.staffchat.testsupport.S3ProxyServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attachment API against real S3 (S3Proxy), PostgreSQL and Kafka: uploads and every refusal of them (with
 * the bucket listed afterwards to prove nothing was left behind), metadata, signed downloads fetched over HTTP,
 * deletion, and tenancy per endpoint and caller. message-service's participation answer comes from
 * {@link MessageServiceStandIn}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AttachmentApiIntegrationTest {

    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final MessageServiceStandIn MESSAGE_SERVICE = new MessageServiceStandIn();
    static final String SCHEMA = TestDatabase.freshSchema("attachment_api");
    static final String BUCKET = "attachments-api";
    static final String HOTEL = "grand-budapest";
    static final String OTHER_HOTEL = "hotel-chevalier";
    static final long MAX_FILE_SIZE = 12L * 1024 * 1024;
    static final AtomicLong CONVERSATIONS = new AtomicLong(1_000_000);
    static final JsonMapper JSON = new JsonMapper();

    /** An independent client, so checks of the bucket do not share the service's configuration. */
    static final S3AsyncClient BUCKET_VIEW = S3AsyncClient.builder()
            .endpointOverride(S3.endpoint())
            .region(Region.of(S3ProxyServer.REGION))
            .credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("staffchat.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("staffchat.s3.bucket", () -> BUCKET);
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.services.message-url", MESSAGE_SERVICE::url);
        registry.add("staffchat.attachments.max-file-size", () -> MAX_FILE_SIZE + "B");
        registry.add("staffchat.attachments.part-size", () -> "5MB");
        // short enough to see a URL expire within the test
        registry.add("staffchat.attachments.download-url-ttl", () -> "2s");
        registry.add("staffchat.outbox.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        BUCKET_VIEW.close();
        MESSAGE_SERVICE.close();
        S3.close();
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    // ---- files a test sends ----

    static final byte[] PNG = concat(
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
            new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, (byte) 0x90, 0x77, 0x53, (byte) 0xde});

    static final byte[] TEXT = "Room 12: tap is broken again\n".getBytes(StandardCharsets.UTF_8);

    static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] header = "%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    record Part(String disposition, String contentType, byte[] bytes) {

        static Part file(String fileName, String contentType, byte[] bytes) {
            return new Part("form-data; name=\"files\"; filename=\"" + fileName + "\"", contentType, bytes);
        }

        /** A file name sent as RFC 5987 {@code filename*}, so it may hold anything (CR, LF, slashes). */
        static Part encodedName(String fileName, String contentType, byte[] bytes) {
            String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
            return new Part("form-data; name=\"files\"; filename*=UTF-8''" + encoded, contentType, bytes);
        }
    }

    static final String BOUNDARY = "staffchat-test-boundary-7MA4YWxkTrZu0gW";

    static byte[] multipart(List<Part> parts) {
        var out = new ByteArrayOutputStream();
        for (Part part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + part.disposition() + "\r\n"
                            + (part.contentType() == null ? "" : "Content-Type: " + part.contentType() + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    WebTestClient.ResponseSpec upload(String token, long conversationId, Part... parts) {
        return web.post()
                .uri("/api/v1/conversations/{id}/attachments", conversationId)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                .bodyValue(multipart(List.of(parts)))
                .exchange();
    }

    JsonNode uploaded(String token, long conversationId, Part... parts) {
        byte[] body = upload(token, conversationId, parts)
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body).get("attachments");
    }

    /** A new conversation of {@link #HOTEL} with these participants. */
    static long conversation(long... staffIds) {
        long id = CONVERSATIONS.incrementAndGet();
        MESSAGE_SERVICE.join(HOTEL, id, staffIds);
        return id;
    }

    static String staff(long id) {
        return TestTokens.staff(id, HOTEL, "staff");
    }

    static List<String> objects(long conversationId) {
        return BUCKET_VIEW
                .listObjectsV2(b -> b.bucket(BUCKET).prefix(HOTEL + "/" + conversationId + "/"))
                .join()
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    static List<String> unfinishedMultipartUploads(long conversationId) {
        return BUCKET_VIEW
                .listMultipartUploads(b -> b.bucket(BUCKET).prefix(HOTEL + "/" + conversationId + "/"))
                .join()
                .uploads()
                .stream()
                .map(u -> u.key())
                .toList();
    }

    long rows(long conversationId) {
        return database.sql("select count(*) from attachment where conversation_id = :c")
                .bind("c", conversationId)
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] concat(byte[]... arrays) {
        var out = new ByteArrayOutputStream();
        for (byte[] a : arrays) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    void assertNothingStored(long conversationId) {
        assertThat(objects(conversationId)).as("objects left in the bucket").isEmpty();
        assertThat(unfinishedMultipartUploads(conversationId))
                .as("unfinished multipart uploads")
                .isEmpty();
        assertThat(rows(conversationId)).as("rows").isZero();
    }

    // ---- upload ----

    @Test
    void uploadStoresEachFileUnderAServerKeyWithItsHashAndAnnouncesIt() throws Exception {
        long conversation = conversation(1, 2);
        try (var consumer = KafkaTestSupport.consumer(bootstrapServers, Topics.ATTACHMENTS)) {
            JsonNode attachments = uploaded(
                    staff(1),
                    conversation,
                    Part.file("broken-tap.png", "image/png", PNG),
                    Part.file("note.txt", "text/plain; charset=utf-8", TEXT));

            assertThat(attachments).hasSize(2);
            JsonNode image = attachments.get(0);
            assertThat(image.get("fileName").asString()).isEqualTo("broken-tap.png");
            assertThat(image.get("contentType").asString()).isEqualTo("image/png");
            assertThat(image.get("sizeBytes").asLong()).isEqualTo(PNG.length);
            assertThat(image.get("sha256").asString()).isEqualTo(sha256(PNG));
            assertThat(image.get("conversationId").asLong()).isEqualTo(conversation);
            assertThat(image.get("uploaderId").asLong()).isEqualTo(1);
            assertThat(image.get("messageId").isNull()).isTrue();
            assertThat(image.get("status").asString()).isEqualTo("READY");
            assertThat(image.get("thumbnail").get("available").asBoolean()).isFalse();
            JsonNode text = attachments.get(1);
            assertThat(text.get("contentType").asString()).isEqualTo("text/plain");
            assertThat(text.get("sha256").asString()).isEqualTo(sha256(TEXT));
            assertThat(text.get("thumbnail").isNull())
                    .as("no thumbnails for text")
                    .isTrue();

            assertThat(objects(conversation))
                    .containsExactlyInAnyOrder(
                            HOTEL + "/" + conversation + "/" + image.get("id").asString(),
                            HOTEL + "/" + conversation + "/" + text.get("id").asString());

            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                KafkaTestSupport.poll(consumer, 1, Duration.ofMillis(300)).stream()
                        .filter(r -> r.key().equals(Long.toString(conversation)))
                        .forEach(records::add);
                return records.size() >= 2;
            });
            JsonNode event = JSON.readTree(records.get(0).value());
            assertThat(event.get("type").asString()).isEqualTo("staffchat.attachment.uploaded");
            assertThat(event.get("tenant").asString()).isEqualTo(HOTEL);
            assertThat(event.get("data").get("attachmentId").asString())
                    .isEqualTo(image.get("id").asString());
            assertThat(event.get("data").get("contentType").asString()).isEqualTo("image/png");
            assertThat(event.get("data").get("sizeBytes").asLong()).isEqualTo(PNG.length);
        }
    }

    @Test
    void fileLargerThanAPartIsStoredWholeThroughAMultipartUpload() throws Exception {
        long conversation = conversation(1);
        byte[] large = pdf(11 * 1024 * 1024 + 17);

        JsonNode attachment = uploaded(staff(1), conversation, Part.file("banquet.pdf", "application/pdf", large))
                .get(0);

        assertThat(attachment.get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(attachment.get("sizeBytes").asLong()).isEqualTo(large.length);
        assertThat(attachment.get("sha256").asString()).isEqualTo(sha256(large));
        String key = HOTEL + "/" + conversation + "/" + attachment.get("id").asString();
        byte[] stored = BUCKET_VIEW
                .getObject(
                        b -> b.bucket(BUCKET).key(key),
                        software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes())
                .join()
                .asByteArray();
        assertThat(sha256(stored)).isEqualTo(sha256(large));
        assertThat(unfinishedMultipartUploads(conversation)).isEmpty();
    }

    @Test
    void elevenFilesIs400AndNothingIsStored() {
        long conversation = conversation(1);
        Part[] parts = new Part[11];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Part.file("photo-" + i + ".png", "image/png", PNG);
        }
        upload(staff(1), conversation, parts)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/invalid-request")
                .jsonPath("$.detail")
                .isEqualTo("files: at most 10 files an upload");
        assertNothingStored(conversation);
    }

    @Test
    void tenFilesAreAccepted() {
        long conversation = conversation(1);
        Part[] parts = new Part[10];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Part.file("photo-" + i + ".png", "image/png", PNG);
        }
        assertThat(uploaded(staff(1), conversation, parts)).hasSize(10);
        assertThat(objects(conversation)).hasSize(10);
    }

    @Test
    void emptyFileIs400AndTheOthersOfTheRequestAreRemoved() {
        long conversation = conversation(1);
        upload(
                        staff(1),
                        conversation,
                        Part.file("a.png", "image/png", PNG),
                        Part.file("empty.txt", "text/plain", new byte[0]))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("empty.txt: the file is empty");
        assertNothingStored(conversation);
    }

    @Test
    void noFileIs400() {
        long conversation = conversation(1);
        upload(staff(1), conversation)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/invalid-request")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail)
                        .startsWith("the body is not multipart/form-data with at least one part"));
        // a form field without a file is no file either
        web.post()
                .uri("/api/v1/conversations/{id}/attachments", conversation)
                .headers(h -> h.setBearerAuth(staff(1)))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                .bodyValue(multipart(List.of(new Part("form-data; name=\"note\"", null, TEXT))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("only file parts named 'files' are accepted, not 'note'");
    }

    @Test
    void fileOneByteOverTheLimitIs413AndItsMultipartUploadIsAborted() {
        long conversation = conversation(1);
        upload(
                        staff(1),
                        conversation,
                        Part.file("small.png", "image/png", PNG),
                        Part.file("huge.pdf", "application/pdf", pdf((int) MAX_FILE_SIZE + 1)))
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/content-too-large")
                .jsonPath("$.detail")
                .isEqualTo("huge.pdf: larger than the limit of " + MAX_FILE_SIZE + " bytes a file");
        assertNothingStored(conversation);
    }

    @Test
    void fileFarOverTheLimitIsRefusedBeforeTheRestOfItIsSent() {
        long conversation = conversation(1);
        long size = 200L * 1024 * 1024;
        byte[] head = ("--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.pdf\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] chunk = pdf(64 * 1024);
        AtomicLong sent = new AtomicLong();
        var factory = org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance;
        reactor.core.publisher.Flux<org.springframework.core.io.buffer.DataBuffer> body =
                reactor.core.publisher.Flux.just(head)
                        .concatWith(reactor.core.publisher.Flux.range(0, (int) (size / chunk.length))
                                .map(i -> chunk))
                        .doOnNext(b -> sent.addAndGet(b.length))
                        .map(factory::wrap);
        // the server answers 413 and closes the connection; a client still sending may see only the close
        Integer status = null;
        try {
            status = web.post()
                    .uri("/api/v1/conversations/{id}/attachments", conversation)
                    .headers(h -> h.setBearerAuth(staff(1)))
                    .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                    .body(body, org.springframework.core.io.buffer.DataBuffer.class)
                    .exchange()
                    .returnResult(String.class)
                    .getStatus()
                    .value();
        } catch (RuntimeException closedWhileSending) {
            assertThat(closedWhileSending).hasMessageContaining("closed");
        }
        if (status != null) {
            assertThat(status).isEqualTo(413);
        }
        assertThat(sent.get()).as("bytes the client got to send").isLessThan(size / 2);
        assertNothingStored(conversation);
    }

    @Test
    void fileAtTheLimitIsAccepted() {
        long conversation = conversation(1);
        JsonNode attachment = uploaded(
                        staff(1), conversation, Part.file("max.pdf", "application/pdf", pdf((int) MAX_FILE_SIZE)))
                .get(0);
        assertThat(attachment.get("sizeBytes").asLong()).isEqualTo(MAX_FILE_SIZE);
    }

    @Test
    void extensionThatDisagreesWithTheContentIs415() {
        long conversation = conversation(1);
        expect415(upload(staff(1), conversation, Part.file("menu.pdf", null, PNG)))
                .jsonPath("$.detail")
                .isEqualTo("menu.pdf: the name says application/pdf but the content is image/png");
        assertNothingStored(conversation);
    }

    @Test
    void declaredTypeThatDisagreesWithTheContentIs415() {
        long conversation = conversation(1);
        expect415(upload(staff(1), conversation, Part.file("photo", "application/pdf", PNG)))
                .jsonPath("$.detail")
                .isEqualTo("photo: declared as application/pdf but the content is image/png");
        assertNothingStored(conversation);
    }

    @Test
    void anImageDeclaringMorePixelsThanTheLimitIs422BeforeItIsStored() throws Exception {
        long conversation = conversation(1);
        // a valid PNG of a few dozen bytes whose header declares 100000 x 100000 pixels (40 GB decoded)
        byte[] bomb = com.staffchat.attachment.thumbnail.ThumbnailMakerTest.pngDeclaring(100_000, 100_000);
        upload(staff(1), conversation, Part.file("bomb.png", "image/png", bomb), Part.file("note.txt", null, TEXT))
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail ->
                        assertThat((String) detail).startsWith("bomb.png: ").contains("100000 x 100000"));
        assertNothingStored(conversation);
    }

    @Test
    void bytesOfNoKnownTypeAreRefusedWhateverTheirName() {
        long conversation = conversation(1);
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 0; // not text
        expect415(upload(staff(1), conversation, Part.file("report.pdf", "application/pdf", noise)));
        assertNothingStored(conversation);
    }

    @Test
    void htmlAndSvgAndOtherForbiddenTypesAre415() {
        long conversation = conversation(1);
        byte[] html =
                "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        byte[] svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] zip = concat(new byte[] {'P', 'K', 3, 4}, new byte[200]);
        byte[] exe = concat(new byte[] {'M', 'Z', (byte) 0x90, 0}, new byte[200]);
        expect415(upload(staff(1), conversation, Part.file("page.html", "text/html", html)));
        expect415(upload(staff(1), conversation, Part.file("page.txt", "text/plain", html)));
        expect415(upload(staff(1), conversation, Part.file("logo.svg", "image/svg+xml", svg)));
        expect415(upload(staff(1), conversation, Part.file("logo.png", null, svg)));
        expect415(upload(staff(1), conversation, Part.file("archive.zip", null, zip)));
        expect415(upload(staff(1), conversation, Part.file("setup.exe", null, exe)));
        assertNothingStored(conversation);
    }

    @Test
    void csvIsRecognisedAsCsv() {
        long conversation = conversation(1);
        byte[] csv = "room,issue\n12,tap\n14,towels\n".getBytes(StandardCharsets.UTF_8);
        JsonNode attachment = uploaded(staff(1), conversation, Part.file("issues.csv", "text/csv", csv))
                .get(0);
        assertThat(attachment.get("contentType").asString()).isEqualTo("text/csv");
    }

    WebTestClient.BodyContentSpec expect415(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/unsupported-media-type");
    }

    @Test
    void hostileFileNamesAreKeptOnlyAsHarmlessMetadata() {
        long conversation = conversation(1);
        String traversal = "../../etc/passwd.txt";
        String crlf = "report\r\nX-Injected: yes\r\n.txt";
        String windows = "..\\..\\boot.ini.txt";
        String longName = "a".repeat(2000) + ".txt";
        String bidi = "invoice\u202Etxt.exe.txt";
        JsonNode attachments = uploaded(
                staff(1),
                conversation,
                Part.encodedName(traversal, "text/plain", TEXT),
                Part.encodedName(crlf, "text/plain", TEXT),
                Part.encodedName(windows, "text/plain", TEXT),
                Part.encodedName(longName, "text/plain", TEXT),
                Part.encodedName(bidi, "text/plain", TEXT));

        assertThat(attachments.get(0).get("fileName").asString()).isEqualTo("passwd.txt");
        assertThat(attachments.get(1).get("fileName").asString()).isEqualTo("reportX-Injected: yes.txt");
        assertThat(attachments.get(2).get("fileName").asString()).isEqualTo("boot.ini.txt");
        assertThat(attachments.get(3).get("fileName").asString()).hasSize(255).endsWith("a.txt");
        assertThat(attachments.get(4).get("fileName").asString()).isEqualTo("invoicetxt.exe.txt");
        List<String> expectedKeys = new ArrayList<>();
        attachments.forEach(a ->
                expectedKeys.add(HOTEL + "/" + conversation + "/" + a.get("id").asString()));
        assertThat(objects(conversation)).containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    @Test
    void nonParticipantCannotUploadAndNothingIsRead() {
        long conversation = conversation(1);
        upload(staff(2), conversation, Part.file("a.png", "image/png", PNG))
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("conversation " + conversation + " was not found");
        assertNothingStored(conversation);
    }

    @Test
    void anotherHotelsStaffCannotUploadToTheConversation() {
        long conversation = conversation(1);
        upload(TestTokens.staff(1, OTHER_HOTEL, "staff"), conversation, Part.file("a.png", "image/png", PNG))
                .expectStatus()
                .isNotFound();
        assertNothingStored(conversation);
    }

    @Test
    void uploadWithoutTokenIs401() {
        web.post()
                .uri("/api/v1/conversations/{id}/attachments", 5)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                .bodyValue(multipart(List.of(Part.file("a.png", "image/png", PNG))))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void messageServiceFailingIs503WithRetryAfter() {
        long conversation = conversation(1);
        MESSAGE_SERVICE.failing(true);
        try {
            Problems.expectServiceUnavailable(upload(staff(1), conversation, Part.file("a.png", "image/png", PNG)));
        } finally {
            MESSAGE_SERVICE.failing(false);
        }
        assertNothingStored(conversation);
    }

    // ---- metadata, tenancy per caller ----

    String uploadOne(long uploader, long conversation) {
        return uploaded(staff(uploader), conversation, Part.file("broken-tap.png", "image/png", PNG))
                .get(0)
                .get("id")
                .asString();
    }

    WebTestClient.ResponseSpec get(String token, String path) {
        return web.get().uri(path).headers(h -> h.setBearerAuth(token)).exchange();
    }

    @Test
    void participantsSeeTheMetadataAndNobodyElseDoes() {
        long conversation = conversation(1, 2);
        String id = uploadOne(1, conversation);
        for (String path : List.of("/api/v1/attachments/" + id, "/api/v1/attachments/" + id + "/url")) {
            get(staff(2), path).expectStatus().isOk();
            get(staff(3), path).expectStatus().isNotFound(); // not a participant
            get(TestTokens.staff(1, OTHER_HOTEL, "staff"), path)
                    .expectStatus()
                    .isNotFound(); // same staff id, other hotel
            web.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        get(staff(2), "/api/v1/attachments/" + id)
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id)
                .jsonPath("$.fileName")
                .isEqualTo("broken-tap.png")
                .jsonPath("$.uploadedAt")
                .exists();
        get(staff(1), "/api/v1/attachments/not-a-uuid").expectStatus().isNotFound();
        get(staff(1), "/api/v1/attachments/6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void anotherHotelsParticipantOfTheSameConversationIdGets404() {
        long conversation = conversation(1);
        // the same conversation id answered as a participant in another hotel: the row is still not theirs
        MESSAGE_SERVICE.join(OTHER_HOTEL, conversation, 9);
        String id = uploadOne(1, conversation);
        String other = TestTokens.staff(9, OTHER_HOTEL, "manager");
        get(other, "/api/v1/attachments/" + id).expectStatus().isNotFound();
        get(other, "/api/v1/attachments/" + id + "/url").expectStatus().isNotFound();
        get(other, "/api/v1/attachments/" + id + "/thumbnail-url")
                .expectStatus()
                .isNotFound();
        web.delete()
                .uri("/api/v1/attachments/{id}", id)
                .headers(h -> h.setBearerAuth(other))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(objects(conversation)).hasSize(1);
    }

    @Test
    void removedParticipantLosesAccessAtOnce() {
        long conversation = conversation(1, 2);
        String id = uploadOne(1, conversation);
        get(staff(2), "/api/v1/attachments/" + id).expectStatus().isOk();

        MESSAGE_SERVICE.remove(HOTEL, conversation, 2);

        get(staff(2), "/api/v1/attachments/" + id).expectStatus().isNotFound();
        get(staff(2), "/api/v1/attachments/" + id + "/url").expectStatus().isNotFound();
        get(staff(2), "/api/v1/attachments/" + id + "/thumbnail-url")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void membershipCheckFailingIs503ForReads() {
        long conversation = conversation(1);
        String id = uploadOne(1, conversation);
        MESSAGE_SERVICE.failing(true);
        try {
            Problems.expectServiceUnavailable(get(staff(1), "/api/v1/attachments/" + id));
        } finally {
            MESSAGE_SERVICE.failing(false);
        }
    }

    // ---- downloads ----

    static final HttpClient HTTP = HttpClient.newHttpClient();

    JsonNode url(String token, String path) {
        return JSON.readTree(get(token, path)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    }

    @Test
    void presignedUrlServesTheBytesAsAnAttachmentWithItsNameAndExpires() throws Exception {
        long conversation = conversation(1, 2);
        String name = "Zimmer 12 – Wasserhahn \"kaputt\".txt";
        String id = uploaded(staff(1), conversation, Part.encodedName(name, "text/plain", TEXT))
                .get(0)
                .get("id")
                .asString();

        JsonNode url = url(staff(2), "/api/v1/attachments/" + id + "/url");
        assertThat(java.time.Instant.parse(url.get("expiresAt").asString()))
                .isBefore(java.time.Instant.now().plusSeconds(3));
        HttpResponse<byte[]> download = HTTP.send(
                HttpRequest.newBuilder(URI.create(url.get("url").asString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(TEXT);
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"Zimmer 12 _ Wasserhahn _kaputt_.txt\"; filename*=UTF-8''"
                        + "Zimmer%2012%20%E2%80%93%20Wasserhahn%20%22kaputt%22.txt");
        assertThat(download.headers().firstValue("Content-Type")).hasValue("text/plain");

        // the same URL, once its two seconds are over, is refused by the store
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> HTTP.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        url.get("url").asString()))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 403);
    }

    @Test
    void thumbnailsAreMadeAfterTheUploadAndServedThroughSignedUrlsAndAFileWithoutOneIs404() throws Exception {
        long conversation = conversation(1);
        java.awt.image.BufferedImage photo =
                new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = photo.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(photo, "png", png);
        JsonNode uploaded = uploaded(
                staff(1),
                conversation,
                Part.file("lobby.png", "image/png", png.toByteArray()),
                Part.file("note.txt", "text/plain", TEXT));
        String id = uploaded.get(0).get("id").asString();
        String text = uploaded.get(1).get("id").asString();

        // made off the request path after the upload committed: available once both sizes are stored
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode view = JSON.readTree(get(staff(1), "/api/v1/attachments/" + id)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
            return view.get("thumbnail").get("available").asBoolean();
        });
        JsonNode view = JSON.readTree(get(staff(1), "/api/v1/attachments/" + id)
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(view.get("thumbnail").get("width").asInt()).isEqualTo(320);
        assertThat(view.get("thumbnail").get("height").asInt()).isEqualTo(240);
        for (String size : List.of("small", "large")) {
            JsonNode url = url(staff(1), "/api/v1/attachments/" + id + "/thumbnail-url?size=" + size);
            HttpResponse<byte[]> thumbnail = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url.get("url").asString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(thumbnail.statusCode()).isEqualTo(200);
            assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body()));
            assertThat(image.getWidth()).as(size).isEqualTo(size.equals("small") ? 320 : 640);
        }

        get(staff(1), "/api/v1/attachments/" + text + "/thumbnail-url")
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("a thumbnail of attachment " + text + " was not found");
        get(staff(1), "/api/v1/attachments/" + id + "/thumbnail-url?size=huge")
                .expectStatus()
                .isBadRequest();
    }

    // ---- delete ----

    WebTestClient.ResponseSpec delete(String token, String id) {
        return web.delete()
                .uri("/api/v1/attachments/{id}", id)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    @Test
    void uploaderDeletesTheFileAndEveryoneIsTold() {
        long conversation = conversation(1, 2);
        String id = uploadOne(1, conversation);
        try (var consumer = KafkaTestSupport.consumer(bootstrapServers, Topics.ATTACHMENTS)) {
            delete(staff(2), id)
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("only the uploader of attachment " + id + " or a manager may delete it");
            assertThat(objects(conversation)).hasSize(1);

            delete(staff(1), id).expectStatus().isNoContent();

            assertThat(objects(conversation)).isEmpty();
            get(staff(1), "/api/v1/attachments/" + id).expectStatus().isNotFound();
            get(staff(1), "/api/v1/attachments/" + id + "/url").expectStatus().isNotFound();
            delete(staff(1), id).expectStatus().isNotFound();
            assertThat(database.sql("select deleted_at is not null from attachment where id = cast(:id as uuid)")
                            .bind("id", id)
                            .map(row -> row.get(0, Boolean.class))
                            .one()
                            .block(Duration.ofSeconds(5)))
                    .isTrue();

            List<JsonNode> deleted = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                KafkaTestSupport.poll(consumer, 1, Duration.ofMillis(300)).stream()
                        .map(r -> JSON.readTree(r.value()))
                        .filter(e -> e.get("type").asString().equals("staffchat.attachment.deleted"))
                        .filter(e ->
                                e.get("data").get("attachmentId").asString().equals(id))
                        .forEach(deleted::add);
                return !deleted.isEmpty();
            });
            assertThat(deleted.get(0).get("data").get("deletedBy").asLong()).isEqualTo(1);
            assertThat(deleted.get(0).get("data").get("reason").asString()).isEqualTo("DELETED");
            assertThat(deleted.get(0).get("subject").asString()).isEqualTo(Long.toString(conversation));
        }
    }

    @Test
    void managerDeletesSomeoneElsesFileWithItsThumbnails() {
        long conversation = conversation(1, 3);
        String id = uploadOne(1, conversation);
        String key = HOTEL + "/" + conversation + "/" + id;
        for (String size : List.of("small", "large")) {
            BUCKET_VIEW
                    .putObject(
                            b -> b.bucket(BUCKET).key(key + "/thumb-" + size),
                            software.amazon.awssdk.core.async.AsyncRequestBody.fromBytes(new byte[] {1}))
                    .join();
        }
        assertThat(objects(conversation)).hasSize(3);

        delete(TestTokens.manager(3, HOTEL), id).expectStatus().isNoContent();

        assertThat(objects(conversation)).isEmpty();
    }

    @Test
    void managerWhoIsNotAParticipantGets404() {
        long conversation = conversation(1);
        String id = uploadOne(1, conversation);
        delete(TestTokens.manager(3, HOTEL), id).expectStatus().isNotFound();
        assertThat(objects(conversation)).hasSize(1);
    }

    @Test
    void everyEndpointIsInTheOpenApiDocument() {
        web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/conversations/{conversationId}/attachments'].post.requestBody"
                        + ".content['multipart/form-data'].example.files[0]")
                .isEqualTo("broken-tap.jpg")
                .jsonPath("$.paths['/api/v1/conversations/{conversationId}/attachments'].post.responses['201']")
                .exists()
                .jsonPath("$.paths['/api/v1/attachments/{attachmentId}'].delete.responses['204']")
                .exists()
                .jsonPath("$.paths['/api/v1/attachments/{attachmentId}'].delete.responses['401']")
                .exists()
                .jsonPath("$.paths['/api/v1/conversations/{conversationId}/attachments'].post.responses['415']")
                .exists()
                .jsonPath("$.paths['/api/v1/attachments/{attachmentId}'].get.summary")
                .isEqualTo("An attachment's metadata")
                .jsonPath("$.paths['/api/v1/attachments/{attachmentId}'].delete.responses['403']")
                .exists()
                .jsonPath("$.paths['/api/v1/attachments/{attachmentId}/url'].get.responses['200']")
                .exists()
                .jsonPath("$.paths['/api/v1/attachments/{attachmentId}/thumbnail-url'].get.responses['404']")
                .exists();
    }
}

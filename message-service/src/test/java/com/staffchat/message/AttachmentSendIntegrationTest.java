package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.EventCodec;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.Problems;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Issue 19, linking: a send with {@code attachmentIds} against the local PostgreSQL and an embedded Kafka broker.
 *
 * <p>attachment-service is being built in parallel, so this test answers for it with a small local HTTP server (the
 * JDK's {@code com.sun.net.httpserver}) that speaks the contract's {@code GET /api/v1/attachments/{id}}: the Attachment
 * JSON for an id the caller may see, 404 otherwise. It shows an attachment only to the Authorization headers it was
 * told to, so a send that did not forward the caller's own header would find nothing. The system test after the merge
 * covers the real attachment-service on this path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AttachmentSendIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_attach");
    static final FakeAttachmentService ATTACHMENTS = FakeAttachmentService.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.outbox.poll-interval", () -> "1s");
        registry.add("staffchat.services.attachment-url", ATTACHMENTS::url);
        registry.add("staffchat.services.attachment-timeout", () -> "1s");
    }

    @AfterAll
    static void stop() {
        ATTACHMENTS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    DatabaseClient db;

    final EventCodec codec = new EventCodec();
    ChatApi api;
    WebTestClient web;
    Callers callers;
    long conversation;

    @BeforeEach
    void setUp() {
        ATTACHMENTS.reset();
        web = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        api = new ChatApi(web);
        callers = Callers.createRemovedInDatabase(api, db);
        conversation = callers.conversationId();
    }

    // ---- what a sent attachment looks like everywhere ----

    @Test
    @SuppressWarnings("unchecked")
    void twoAttachmentsAppearInTheAnswerEveryReadAndTheMessageSentEvent() {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 81_920, visible());
        UUID order = ATTACHMENTS.ready(
                Callers.SENDER, conversation, "banquet order.pdf", "application/pdf", 1_048_576, visible());
        String cursor = (String) api.syncOk(callers.participant(), null, null).get("cursor");
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<String, Object> sent = body(
                    send(callers.sender(), "Broken tap in 214, order attached", null, List.of(photo, order)),
                    HttpStatus.CREATED);
            List<Map<String, Object>> expected = List.of(
                    Map.of(
                            "id",
                            photo.toString(),
                            "fileName",
                            "tap.jpg",
                            "contentType",
                            "image/jpeg",
                            "sizeBytes",
                            81920),
                    Map.of(
                            "id",
                            order.toString(),
                            "fileName",
                            "banquet order.pdf",
                            "contentType",
                            "application/pdf",
                            "sizeBytes",
                            1048576));
            assertThat(sent.get("attachments")).isEqualTo(expected);
            long id = ((Number) sent.get("id")).longValue();

            // every read shows the same message, attachments in the order sent
            assertThat(api.message(callers.participant(), id)).isEqualTo(sent);
            assertThat(api.list(callers.participant(), conversation, "").get(0)).isEqualTo(sent);
            assertThat(api.list(callers.participant(), conversation, "?after=0").get(0))
                    .isEqualTo(sent);
            List<Map<String, Object>> synced = (List<Map<String, Object>>)
                    api.syncOk(callers.participant(), cursor, null).get("messages");
            assertThat(synced)
                    .filteredOn(m -> m.get("id").equals(sent.get("id")))
                    .containsExactly(sent);

            MessageSent event = sentEvents(consumer, 1).get(0);
            assertThat(event.attachments())
                    .containsExactly(
                            new AttachmentSummary(photo.toString(), "tap.jpg", "image/jpeg", 81_920),
                            new AttachmentSummary(order.toString(), "banquet order.pdf", "application/pdf", 1_048_576));
            assertThat(event.id()).isEqualTo(id);
        }
        // attachment-service was asked about each id with the sender's own token
        assertThat(ATTACHMENTS.requests())
                .containsExactlyInAnyOrder(
                        new FakeAttachmentService.Request(photo, "Bearer " + callers.sender()),
                        new FakeAttachmentService.Request(order, "Bearer " + callers.sender()));
        assertThat(links(conversation)).isEqualTo(2);
        assertThat(hasAttachments(conversation)).containsExactly(true);
    }

    @Test
    void aMessageMayBeAttachmentsOnlyButNotEmpty() {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        Map<String, Object> sent = body(send(callers.sender(), null, null, List.of(photo)), HttpStatus.CREATED);
        assertThat(sent).containsEntry("body", "");
        assertThat((List<?>) sent.get("attachments")).hasSize(1);
        UUID other = ATTACHMENTS.ready(Callers.SENDER, conversation, "b.jpg", "image/jpeg", 10, visible());
        assertThat(body(send(callers.sender(), "  \n ", null, List.of(other)), HttpStatus.CREATED))
                .containsEntry("body", "");

        // without attachments an empty body stays a 400, and so does an absent one
        problem(send(callers.sender(), "  ", null, List.of()), HttpStatus.BAD_REQUEST, "invalid-request");
        problem(send(callers.sender(), null, null, null), HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(messages(conversation)).isEqualTo(2);
    }

    // ---- refusals: each stores nothing ----

    @Test
    void anotherUploadersAttachmentIsRefused() {
        UUID theirs = ATTACHMENTS.ready(Callers.PARTICIPANT, conversation, "their.jpg", "image/jpeg", 10, visible());
        problem(send(callers.sender(), "look", null, List.of(theirs)), HttpStatus.BAD_REQUEST, "invalid-request")
                .jsonPath("$.detail")
                .value(detail ->
                        assertThat((String) detail).contains("attachmentIds[0]").contains("uploaded by someone else"));
        assertNothingStored();
    }

    @Test
    void anotherConversationsAndUnknownIdsGetTheSameAnswer() {
        long elsewhere = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        UUID kitchens = ATTACHMENTS.ready(Callers.SENDER, elsewhere, "menu.pdf", "application/pdf", 10, visible());
        UUID unknown = UUID.randomUUID();
        // another hotel's: attachment-service does not show it to this caller (404), whatever it holds
        UUID otherHotels = ATTACHMENTS.ready(
                Callers.SENDER, conversation, "x.pdf", "application/pdf", 10, Set.of("Bearer " + callers.otherHotel()));
        for (UUID id : List.of(kitchens, unknown, otherHotels)) {
            problem(send(callers.sender(), "see", null, List.of(id)), HttpStatus.BAD_REQUEST, "invalid-request")
                    .jsonPath("$.detail")
                    .isEqualTo("attachmentIds[0]: unknown attachment " + id);
        }
        assertNothingStored();
    }

    @Test
    void aNotReadyAttachmentIsRefused() {
        UUID pending = ATTACHMENTS.put(
                Callers.SENDER, conversation, "big.mov", "video/quicktime", 10, "PROCESSING", null, visible());
        problem(send(callers.sender(), "clip", null, List.of(pending)), HttpStatus.CONFLICT, "attachment-not-ready");
        assertNothingStored();
    }

    @Test
    void anAttachmentAlreadyLinkedIsA409() {
        // attachment-service already knows it as another message's
        UUID linked =
                ATTACHMENTS.put(Callers.SENDER, conversation, "a.jpg", "image/jpeg", 10, "READY", 12345L, visible());
        problem(send(callers.sender(), "again", null, List.of(linked)), HttpStatus.CONFLICT, "attachment-already-sent");
        assertNothingStored();

        // attachment-service has not seen the first send yet (it still says messageId null): the database refuses
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        long first = ((Number) body(send(callers.sender(), "first", null, List.of(photo)), HttpStatus.CREATED)
                        .get("id"))
                .longValue();
        problem(send(callers.sender(), "second", null, List.of(photo)), HttpStatus.CONFLICT, "attachment-already-sent");
        assertThat(messages(conversation)).isEqualTo(1);
        assertThat(linkedMessage(photo)).isEqualTo(first);
    }

    @Test
    void ofConcurrentSendsWithOneAttachmentExactlyOneWins() throws Exception {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        int sends = 8;
        ExecutorService pool = Executors.newFixedThreadPool(sends);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < sends; i++) {
                String text = "race " + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return send(callers.sender(), text, null, List.of(photo))
                            .returnResult(String.class)
                            .getStatus()
                            .value();
                }));
            }
            start.countDown();
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answers.add(status.get());
            }
            assertThat(answers).filteredOn(s -> s == 201).hasSize(1);
            assertThat(answers).filteredOn(s -> s == 409).hasSize(sends - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages(conversation)).isEqualTo(1);
        assertThat(links(conversation)).isEqualTo(1);
    }

    @Test
    void tooManyOrRepeatedIdsAre400WithoutAskingAttachmentService() {
        List<UUID> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(ATTACHMENTS.ready(Callers.SENDER, conversation, i + ".jpg", "image/jpeg", 10, visible()));
        }
        problem(send(callers.sender(), "many", null, eleven), HttpStatus.BAD_REQUEST, "invalid-request")
                .jsonPath("$.detail")
                .isEqualTo("attachmentIds: at most 10 attachments a message, got 11");
        UUID one = eleven.get(0);
        problem(
                        send(callers.sender(), "twice", null, List.of(one, eleven.get(1), one)),
                        HttpStatus.BAD_REQUEST,
                        "invalid-request")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail)
                        .startsWith("attachmentIds[2]:")
                        .contains("twice"));
        problem(
                sendJson(callers.sender(), "{\"body\":\"x\",\"attachmentIds\":[\"not-a-uuid\"]}"),
                HttpStatus.BAD_REQUEST,
                "malformed-request");
        assertThat(ATTACHMENTS.requests()).isEmpty();
        assertNothingStored();

        // ten is the limit, and fine
        Map<String, Object> sent = body(send(callers.sender(), "ten", null, eleven.subList(0, 10)), HttpStatus.CREATED);
        assertThat((List<?>) sent.get("attachments")).hasSize(10);
    }

    @Test
    void outsidersGet404AndAttachmentServiceIsNotAsked() {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        for (String outsider : callers.outsiders()) {
            problem(send(outsider, "let me in", null, List.of(photo)), HttpStatus.NOT_FOUND, "not-found");
        }
        assertThat(ATTACHMENTS.requests()).isEmpty();
        assertNothingStored();
    }

    @Test
    void attachmentServiceDownOrSlowIs503WithRetryAfterAndNothingStored() {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            ATTACHMENTS.answer(FakeAttachmentService.Mode.FAILING);
            Problems.expectServiceUnavailable(send(callers.sender(), "down", "c-down", List.of(photo)));
            ATTACHMENTS.answer(FakeAttachmentService.Mode.SLOW);
            Problems.expectServiceUnavailable(send(callers.sender(), "slow", "c-down", List.of(photo)));
            assertNothingStored();

            // back: the same send (same clientId) goes through, once
            ATTACHMENTS.answer(FakeAttachmentService.Mode.ANSWERING);
            body(send(callers.sender(), "back", "c-down", List.of(photo)), HttpStatus.CREATED);
            List<MessageSent> events = sentEvents(consumer, 1);
            assertThat(events).extracting(MessageSent::body).containsExactly("back");
        }
    }

    @Test
    void aRetryWithTheSameClientIdAnswersTheFirstMessage() {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        Map<String, Object> first = body(send(callers.sender(), "tap", "c-1", List.of(photo)), HttpStatus.CREATED);
        // attachment-service has linked it by now: the retry must not be refused for that
        ATTACHMENTS.link(photo, ((Number) first.get("id")).longValue());
        Map<String, Object> again = body(send(callers.sender(), "tap", "c-1", List.of(photo)), HttpStatus.OK);
        assertThat(again).isEqualTo(first);
        assertThat(messages(conversation)).isEqualTo(1);
    }

    @Test
    void editsKeepAttachmentsAndDeletesEraseThem() {
        UUID photo = ATTACHMENTS.ready(Callers.SENDER, conversation, "tap.jpg", "image/jpeg", 10, visible());
        long id = ((Number) body(send(callers.sender(), "tap", null, List.of(photo)), HttpStatus.CREATED)
                        .get("id"))
                .longValue();
        Map<String, Object> edited = body(api.edit(callers.sender(), id, "the tap in 214"), HttpStatus.OK);
        assertThat((List<?>) edited.get("attachments")).hasSize(1);
        // an edit cannot change them
        problem(
                api.editJson(callers.sender(), id, Map.of("body", "x", "attachmentIds", List.of(UUID.randomUUID()))),
                HttpStatus.BAD_REQUEST,
                "invalid-request");

        api.deleteMessage(callers.sender(), id, null).expectStatus().isNoContent();
        assertThat(api.message(callers.participant(), id)).containsEntry("attachments", List.of());
        assertThat(links(conversation)).isZero();
        assertThat(hasAttachments(conversation)).containsExactly(false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentDescribesAttachmentIdsAndTheNewAnswers() {
        Map<String, Object> doc = body(web.get().uri("/v3/api-docs").exchange(), HttpStatus.OK);
        Map<String, Object> send = (Map<String, Object>) ((Map<String, Object>)
                        ((Map<String, Object>) doc.get("paths")).get("/api/v1/conversations/{conversationId}/messages"))
                .get("post");
        assertThat((Map<String, Object>) send.get("responses")).containsKeys("200", "201", "400", "404", "409", "503");
        assertThat((String) send.get("description")).contains("attachmentIds", "attachment-already-sent");
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        Map<String, Object> request = (Map<String, Object>) schemas.get("SendMessage");
        assertThat((Map<String, Object>) request.get("properties")).containsKey("attachmentIds");
    }

    // ---- helpers ----

    /** The sender and the participant may see an attachment (attachment-service's participation rule). */
    Set<String> visible() {
        return Set.of("Bearer " + callers.sender(), "Bearer " + callers.participant());
    }

    ResponseSpec send(String token, String text, String clientId, List<UUID> attachmentIds) {
        Map<String, Object> body = new HashMap<>();
        if (text != null) {
            body.put("body", text);
        }
        if (clientId != null) {
            body.put("clientId", clientId);
        }
        if (attachmentIds != null) {
            body.put("attachmentIds", attachmentIds);
        }
        return web.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    ResponseSpec sendJson(String token, String json) {
        return web.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(ResponseSpec response, HttpStatus status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    static WebTestClient.BodyContentSpec problem(ResponseSpec response, HttpStatus status, String slug) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + slug);
    }

    void assertNothingStored() {
        assertThat(messages(conversation)).isZero();
        assertThat(links(conversation)).isZero();
    }

    long messages(long conversationId) {
        return db.sql("select count(*) as n from message where conversation_id = :c")
                .bind("c", conversationId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(10));
    }

    long links(long conversationId) {
        return db.sql("select count(*) as n from message_attachment where conversation_id = :c")
                .bind("c", conversationId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(10));
    }

    Long linkedMessage(UUID attachmentId) {
        return db.sql("select message_id from message_attachment where attachment_id = :a")
                .bind("a", attachmentId)
                .map(row -> row.get("message_id", Long.class))
                .one()
                .block(Duration.ofSeconds(10));
    }

    List<Boolean> hasAttachments(long conversationId) {
        return db.sql("select has_attachments from message where conversation_id = :c order by seq")
                .bind("c", conversationId)
                .map(row -> row.get("has_attachments", Boolean.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(10));
    }

    List<MessageSent> sentEvents(KafkaConsumer<String, byte[]> consumer, int expected) {
        List<MessageSent> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key().equals(Long.toString(conversation))
                        && codec.decode(r.value()).data() instanceof MessageSent sent) {
                    found.add(sent);
                }
            }
        }
        return found;
    }

    /**
     * attachment-service's {@code GET /api/v1/attachments/{id}} as the contract describes it, for the attachments a
     * test puts here; each visible only to the Authorization headers given. Records every request.
     */
    static final class FakeAttachmentService {

        enum Mode {
            ANSWERING,
            FAILING,
            SLOW
        }

        record Request(UUID id, String authorization) {}

        record Attachment(
                UUID id,
                long conversationId,
                long uploaderId,
                Long messageId,
                String fileName,
                String contentType,
                long sizeBytes,
                String status,
                Set<String> visibleTo) {

            String json() {
                return "{\"id\":\"" + id + "\",\"conversationId\":" + conversationId + ",\"uploaderId\":" + uploaderId
                        + ",\"messageId\":" + messageId + ",\"fileName\":\"" + fileName + "\",\"contentType\":\""
                        + contentType + "\",\"sizeBytes\":" + sizeBytes + ",\"sha256\":\"" + "ab".repeat(32)
                        + "\",\"status\":\"" + status
                        + "\",\"thumbnail\":null,\"uploadedAt\":\"2026-11-30T08:00:00Z\"}";
            }
        }

        private final HttpServer server;
        private final Map<UUID, Attachment> attachments = new ConcurrentHashMap<>();
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private volatile Mode mode = Mode.ANSWERING;

        private FakeAttachmentService(HttpServer server) {
            this.server = server;
        }

        static FakeAttachmentService start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                FakeAttachmentService fake = new FakeAttachmentService(server);
                server.createContext("/api/v1/attachments/", fake::handle);
                server.setExecutor(Executors.newCachedThreadPool());
                server.start();
                return fake;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                requests.add(new Request(id, authorization));
                if (mode == Mode.SLOW) {
                    Thread.sleep(3_000);
                }
                if (mode == Mode.FAILING) {
                    respond(exchange, 503, "{\"status\":503}");
                    return;
                }
                Attachment attachment = attachments.get(id);
                if (attachment == null
                        || authorization == null
                        || !attachment.visibleTo().contains(authorization)) {
                    respond(exchange, 404, "{\"status\":404,\"type\":\"https://staffchat.dev/problems/not-found\"}");
                    return;
                }
                respond(exchange, 200, attachment.json());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json)
                throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        UUID ready(long uploader, long conversationId, String name, String type, long size, Set<String> visibleTo) {
            return put(uploader, conversationId, name, type, size, "READY", null, visibleTo);
        }

        UUID put(
                long uploader,
                long conversationId,
                String name,
                String type,
                long size,
                String status,
                Long messageId,
                Set<String> visibleTo) {
            UUID id = UUID.randomUUID();
            attachments.put(
                    id, new Attachment(id, conversationId, uploader, messageId, name, type, size, status, visibleTo));
            return id;
        }

        void link(UUID id, long messageId) {
            attachments.computeIfPresent(
                    id,
                    (k, a) -> new Attachment(
                            a.id(),
                            a.conversationId(),
                            a.uploaderId(),
                            messageId,
                            a.fileName(),
                            a.contentType(),
                            a.sizeBytes(),
                            a.status(),
                            a.visibleTo()));
        }

        void answer(Mode mode) {
            this.mode = mode;
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        void reset() {
            requests.clear();
            mode = Mode.ANSWERING;
        }

        void stop() {
            server.stop(0);
        }
    }
}

package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * message-service against the local PostgreSQL (fresh schema) and an embedded KRaft Kafka broker,
 * with tracing as in production (a test context would otherwise get a no-op tracer).
 */
@AutoConfigureTracing
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MessageServiceIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_it");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.outbox.poll-interval", () -> "5s");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    final EventCodec codec = new EventCodec();
    String hotel;
    String otherHotel;
    ChatApi api;

    @BeforeEach
    void seedDirectory() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        otherHotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        api.seedStaff(TestTokens.manager(1, hotel), 1, 2, 3, 4);
        api.seedStaff(TestTokens.manager(1, otherHotel), 1, 2);
    }

    @Test
    void sentMessageIsStoredAndItsEventPublishedInOrder() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Night shift", 2, 3);
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<String, Object> first = api.send(alice, conversation, "Room 12 needs towels", null)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            Map<String, Object> second = api.send(TestTokens.staff(2, hotel), conversation, "On it", null)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(first)
                    .containsEntry("seq", 1)
                    .containsEntry("senderId", 1)
                    .containsEntry("body", "Room 12 needs towels");
            assertThat(second).containsEntry("seq", 2).containsEntry("senderId", 2);

            List<EventEnvelope<?>> events = KafkaTestSupport.poll(consumer, 3, Duration.ofSeconds(20)).stream()
                    .filter(r -> r.key().equals(Long.toString(conversation)))
                    .map(ConsumerRecord::value)
                    .<EventEnvelope<?>>map(codec::decode)
                    .toList();
            assertThat(events).hasSize(3);
            assertThat(events.get(0).data()).isInstanceOf(ConversationCreated.class);
            assertThat(events).allSatisfy(e -> assertThat(e.tenant()).isEqualTo(hotel));
            MessageSent sent = (MessageSent) events.get(1).data();
            assertThat(sent.id()).isEqualTo(((Number) first.get("id")).longValue());
            assertThat(sent.seq()).isEqualTo(1);
            assertThat(sent.body()).isEqualTo("Room 12 needs towels");
            assertThat(((MessageSent) events.get(2).data()).seq()).isEqualTo(2);
        }
    }

    @Test
    void sameClientIdTwiceGivesTheSameMessage() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Kitchen", 2);
        Map<String, Object> first = api.send(alice, conversation, "Lunch is ready", "retry-1")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> again = api.send(alice, conversation, "Lunch is ready", "retry-1")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(again.get("seq")).isEqualTo(1);
        assertThat(api.listIds(alice, conversation, "")).hasSize(1);
        assertThat(api.send(alice, conversation, "Dessert too", "retry-2")
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody())
                .containsEntry("seq", 2);
    }

    @Test
    void listIsNewestFirstWithASeqCursor() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Lobby", 2);
        for (int i = 1; i <= 5; i++) {
            api.send(alice, conversation, "m" + i, null).expectStatus().isCreated();
        }
        assertThat(api.listSeqs(alice, conversation, "")).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(api.listSeqs(alice, conversation, "?limit=2&before=4")).containsExactly(3L, 2L);
        assertThat(api.listSeqs(alice, conversation, "?after=3")).containsExactly(4L, 5L);
        assertThat(api.listSeqs(alice, conversation, "?limit=0")).containsExactly(5L);
        assertThat(api.listSeqs(alice, conversation, "?limit=100000")).hasSize(5);
    }

    @Test
    void catchUpAfterASeqDoesNotSkipAMessageWhoseIdIsLower() throws Exception {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Laundry", 2);
        for (int i = 1; i <= 3; i++) {
            api.send(alice, conversation, "m" + i, null).expectStatus().isCreated();
        }
        // Ids come from the clock and a sequence modulo 4096, so within one conversation a later
        // message can get a lower id (sequence wrap in one millisecond, another instance's clock).
        try (var db = TestDatabase.connect();
                var lower = db.prepareStatement(
                        "update " + SCHEMA + ".message set id = id - 1000000 where conversation_id = ? and seq = 3")) {
            lower.setLong(1, conversation);
            assertThat(lower.executeUpdate()).isEqualTo(1);
        }
        List<Map<String, Object>> all = api.list(alice, conversation, "");
        long idOf2 = ((Number) all.get(1).get("id")).longValue();
        long idOf3 = ((Number) all.get(0).get("id")).longValue();
        assertThat(idOf3).isLessThan(idOf2);

        // a client that holds messages up to seq 2 catches up with after=2
        assertThat(api.listSeqs(alice, conversation, "?after=2")).containsExactly(3L);
        assertThat(api.listSeqs(alice, conversation, "?before=3")).containsExactly(2L, 1L);
    }

    @Test
    void sendThatCannotBeStoredAnswersAProblemNeverAnEmptyBody() throws Exception {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Cellar", 2);
        // an integrity failure other than the client id's unique index (here a check the test adds)
        try (var db = TestDatabase.connect();
                var check = db.createStatement()) {
            check.execute("alter table " + SCHEMA + ".message add constraint probe_refused check (body <> 'refused')");
        }
        try {
            api.send(alice, conversation, "refused", "c-refused")
                    .expectStatus()
                    .isEqualTo(409)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://staffchat.dev/problems/conflict")
                    .jsonPath("$.detail")
                    .value(d -> assertThat((String) d).contains("not stored"));
        } finally {
            try (var db = TestDatabase.connect();
                    var drop = db.createStatement()) {
                drop.execute("alter table " + SCHEMA + ".message drop constraint probe_refused");
            }
        }
        assertThat(api.listIds(alice, conversation, "")).isEmpty();
        api.send(alice, conversation, "accepted now", "c-refused")
                .expectStatus()
                .isCreated();
    }

    @Test
    void replyShowsAPreviewOfTheMessageItAnswers() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Garden", 2);
        String longText = "Which room needs the towels? " + "🌷".repeat(120);
        Map<String, Object> question = api.send(alice, conversation, longText, null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<String, Object> answer = api.reply(TestTokens.staff(2, hotel), conversation, "Room 12", question.get("id"))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> replyTo = (Map<?, ?>) answer.get("replyTo");
        assertThat(replyTo.get("id")).isEqualTo(question.get("id"));
        assertThat(replyTo.get("senderId")).isEqualTo(1);
        String preview = (String) replyTo.get("preview");
        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(100);
        assertThat(longText).startsWith(preview);
        assertThat(api.list(alice, conversation, "").get(0).get("replyTo")).isEqualTo(replyTo);
        assertThat(question.get("replyTo")).isNull();
    }

    @Test
    void apiMessageAndKafkaEventUseTheSameFieldNames() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Shape", 2);
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<String, Object> sent = api.send(alice, conversation, "Same names everywhere", "c-shape")
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            List<String> shape = java.util.Arrays.stream(MessageSent.class.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName)
                    .toList();
            assertThat(List.copyOf(sent.keySet())).containsExactlyElementsOf(shape);
            assertThat(sent)
                    .containsEntry("mentions", List.of())
                    .containsEntry("reactions", List.of())
                    .containsEntry("attachments", List.of())
                    .containsEntry("editedAt", null)
                    .containsEntry("deletedAt", null);
            byte[] event = KafkaTestSupport.poll(consumer, 2, Duration.ofSeconds(20)).stream()
                    .filter(r -> new String(r.headers().lastHeader("ce_type").value()).equals("staffchat.message.sent"))
                    .filter(r -> r.key().equals(Long.toString(conversation)))
                    .findFirst()
                    .orElseThrow()
                    .value();
            Map<?, ?> data = (Map<?, ?>) JSON.readValue(event, Map.class).get("data");
            assertThat(data).isEqualTo(sent);
        }
    }

    @Test
    void directConversationIsCreatedOnceAndFoundAgain() {
        var first = api.createDirect(TestTokens.staff(1, hotel, "staff"), 2)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        var again = api.createDirect(TestTokens.staff(2, hotel, "staff"), 1)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
    }

    @Test
    void otherHotelAndNonParticipantGet404() {
        long conversation = api.createGroup(TestTokens.staff(1, hotel, "staff"), "Managers", 2);
        for (String outsider : List.of(TestTokens.staff(1, otherHotel, "staff"), TestTokens.staff(4, hotel))) {
            api.send(outsider, conversation, "let me in", null)
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://staffchat.dev/problems/not-found");
            api.client()
                    .get()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> h.setBearerAuth(outsider))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            api.client()
                    .get()
                    .uri("/api/v1/conversations/{id}", conversation)
                    .headers(h -> h.setBearerAuth(outsider))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        assertThat(api.listIds(TestTokens.staff(1, hotel), conversation, "")).isEmpty();
    }

    @Test
    void missingExpiredOrForgedTokenGets401() {
        long conversation = api.createGroup(TestTokens.staff(1, hotel, "staff"), "Spa", 2);
        for (String token : new String[] {
            null,
            TestTokens.expired(1, hotel),
            TestTokens.forged(1, hotel),
            TestTokens.mint(
                    TestTokens.SECRET,
                    "not-a-number",
                    hotel,
                    List.of(),
                    java.time.Instant.now().plusSeconds(600))
        }) {
            api.client()
                    .post()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> {
                        if (token != null) {
                            h.setBearerAuth(token);
                        }
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("body", "hi"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(401);
        }
        assertThat(api.listIds(TestTokens.staff(1, hotel), conversation, "")).isEmpty();
    }

    @Test
    void badBodiesGet400AndWriteNothing() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Bar", 2);
        for (String body : List.of(
                "{\"body\":\"\"}",
                "{\"body\":\"   \"}",
                "{}",
                "{\"body\":\"x" + "y".repeat(8000) + "\"}",
                "{\"body\": \"unterminated",
                "[1,2]",
                "{\"body\":\"nul \\u0000 here\"}",
                "{\"body\":\"ok\",\"replyToId\":123}",
                "{\"body\":\"ok\",\"clientId\":\"\"}")) {
            api.client()
                    .post()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> h.setBearerAuth(alice))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .isNotEmpty()
                    .jsonPath("$.type")
                    .value(t -> assertThat((String) t)
                            .isIn(
                                    "https://staffchat.dev/problems/invalid-request",
                                    "https://staffchat.dev/problems/malformed-request"));
        }
        assertThat(api.listIds(alice, conversation, "")).isEmpty();
    }

    @Test
    void bodyOverTheCodecLimitIsA413ThatClosesTheConnection() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Attic", 2);
        api.client()
                .post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"body\":\"" + "y".repeat(600 * 1024) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                // the unread rest of the body must not be taken for the next request on a reused connection
                .expectHeader()
                .valueEquals("Connection", "close");
        assertThat(api.listIds(alice, conversation, "")).isEmpty();
        api.send(alice, conversation, "still served", null).expectStatus().isCreated();
    }

    @Test
    void participantsMustBeActiveStaffOfTheHotel() {
        api.client()
                .post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "GROUP", "title", "Ghosts", "participantIds", List.of(2, 99)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("99"));
        api.client()
                .put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(TestTokens.staff(2, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("staff", List.of(Map.of("id", 9, "displayName", "Intruder"))))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void sendCarriesTheRequestsTraceToItsKafkaRecordSampledOrNot() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Traced", 2);
        String sampledTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String unsampledTrace = "0af7651916cd43dd8448eb211c80319c";
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            for (String traceparent : List.of(
                    "00-" + sampledTrace + "-00f067aa0ba902b7-01", "00-" + unsampledTrace + "-b7ad6b7169203331-00")) {
                api.client()
                        .post()
                        .uri("/api/v1/conversations/{id}/messages", conversation)
                        .headers(h -> h.setBearerAuth(alice))
                        .header("traceparent", traceparent)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "traced " + traceparent))
                        .exchange()
                        .expectStatus()
                        .isCreated();
            }
            Map<Long, String> traceparentBySeq = new java.util.TreeMap<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : KafkaTestSupport.poll(consumer, 1, Duration.ofMillis(500))) {
                    if (codec.decode(r.value()).data() instanceof MessageSent m && m.conversationId() == conversation) {
                        var header = r.headers().lastHeader("traceparent");
                        traceparentBySeq.put(m.seq(), header == null ? null : new String(header.value()));
                    }
                }
                return traceparentBySeq.size() == 2;
            });
            // the same trace, continued: the trace id and the sampling decision of the request, a span of our own
            assertThat(traceparentBySeq.get(1L)).matches("00-" + sampledTrace + "-[0-9a-f]{16}-01");
            assertThat(traceparentBySeq.get(2L)).matches("00-" + unsampledTrace + "-[0-9a-f]{16}-00");
        }
    }

    @Test
    void retriesRacingWithOneClientIdStoreOneMessage() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Racing", 2);
        var client = org.springframework.web.reactive.function.client.WebClient.create("http://127.0.0.1:" + port);
        List<Map<String, Object>> answers = reactor.core.publisher.Flux.range(0, 12)
                .flatMap(
                        i -> client.post()
                                .uri("/api/v1/conversations/{id}/messages", conversation)
                                .headers(h -> h.setBearerAuth(alice))
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("body", "once only", "clientId", "race-1"))
                                .exchangeToMono(r -> r.bodyToMono(Map.class)
                                        .map(body ->
                                                Map.of("status", r.statusCode().value(), "body", body))),
                        12)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(answers).extracting(a -> a.get("status")).containsOnly(200, 201);
        assertThat(answers).filteredOn(a -> a.get("status").equals(201)).hasSize(1);
        long stored = api.listIds(alice, conversation, "").get(0);
        assertThat(answers).allSatisfy(a -> assertThat(((Number) ((Map<?, ?>) a.get("body")).get("id")).longValue())
                .isEqualTo(stored));
        assertThat(api.listIds(alice, conversation, "")).hasSize(1);
        api.send(alice, conversation, "the next one", "race-2").expectStatus().isCreated();
        assertThat(api.listSeqs(alice, conversation, "")).containsExactly(2L, 1L);
    }

    @Test
    void outsiderReplyingGets404WhetherTheMessageExistsOrNot() {
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Private", 2);
        Object existing = api.send(alice, conversation, "inside", null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        String outsider = TestTokens.staff(4, hotel);
        for (Object replyTo : List.of(existing, 12345L)) {
            api.reply(outsider, conversation, "me too", replyTo).expectStatus().isNotFound();
        }
        api.reply(TestTokens.staff(2, hotel), conversation, "to nothing", 12345L)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("replyToId"));
        assertThat(api.listIds(alice, conversation, "")).containsExactly(((Number) existing).longValue());
    }

    @Test
    void sendMovesTheSendersReadPositionOnly() {
        String alice = TestTokens.staff(1, hotel, "staff");
        String bob = TestTokens.staff(2, hotel, "staff");
        long conversation = api.createGroup(alice, "Unread", 2);
        api.send(alice, conversation, "one", null).expectStatus().isCreated();
        api.send(alice, conversation, "two", null).expectStatus().isCreated();
        assertThat(unread(alice, conversation)).isEqualTo(0);
        assertThat(unread(bob, conversation)).isEqualTo(2);
    }

    private long unread(String token, long conversation) {
        return ((Number) api.client()
                        .get()
                        .uri("/api/v1/conversations/{id}", conversation)
                        .headers(h -> h.setBearerAuth(token))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("unreadCount"))
                .longValue();
    }
}

package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.ReactionAdded;
import com.staffchat.events.ReactionRemoved;
import com.staffchat.events.ReactionSummary;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Reactions (issue 16 part C) against the local PostgreSQL (fresh schema) and an embedded Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ReactionIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_reaction");

    /** The seed's ten quick reactions. */
    static final List<String> QUICK = List.of("👍", "❤️", "😊", "😂", "😮", "😢", "🎉", "🔥", "✅", "👏");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.outbox.poll-interval", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    DatabaseClient db;

    final EventCodec codec = new EventCodec();
    ChatApi api;
    Callers callers;

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.createRemovedInDatabase(api, db);
    }

    long send(String token, String text) {
        return id(api.send(token, callers.conversationId(), text, null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody());
    }

    static long id(Map<?, ?> body) {
        return ((Number) body.get("id")).longValue();
    }

    Map<?, ?> reacted(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    List<Map<String, Object>> reactions(String token, long messageId) {
        return api.reactionsOf(token, callers.conversationId(), messageId);
    }

    static void problem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + type);
    }

    /** The reaction events of this test's hotel that reached Kafka, with their raw JSON. */
    List<EventEnvelope<?>> reactionEvents(List<ConsumerRecord<String, byte[]>> records, List<String> rawOut) {
        List<EventEnvelope<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope<?> event = codec.decode(record.value());
            if (event.tenant().equals(callers.hotel())
                    && (event.data() instanceof ReactionAdded || event.data() instanceof ReactionRemoved)) {
                assertThat(record.key()).isEqualTo(Long.toString(callers.conversationId()));
                events.add(event);
                rawOut.add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    @Test
    void theTenQuickReactionsAndOtherSingleEmojiAreAddedAndShownOnTheMessage() {
        long message = send(callers.sender(), "Room 12 needs towels");
        List<String> all = new ArrayList<>(QUICK);
        all.addAll(List.of("👍🏽", "👨‍👩‍👧‍👦", "🇭🇺", "1️⃣", "🏳️‍🌈"));
        for (String emoji : all) {
            Map<?, ?> body = reacted(api.react(callers.participant(), message, emoji), 201);
            assertThat(body.get("messageId")).isEqualTo(message);
            assertThat(body.get("conversationId")).isEqualTo(callers.conversationId());
            assertThat(body.get("seq")).isEqualTo(1);
        }

        List<Map<String, Object>> seenByReactor = reactions(callers.participant(), message);
        assertThat(seenByReactor).extracting(r -> r.get("emoji")).containsExactlyElementsOf(all);
        assertThat(seenByReactor).allSatisfy(r -> {
            assertThat(r.get("count")).isEqualTo(1);
            assertThat(r.get("staffIds")).isEqualTo(List.of((int) Callers.PARTICIPANT));
            assertThat(r.get("reactedByMe")).isEqualTo(true);
        });
        assertThat(reactions(callers.sender(), message))
                .allSatisfy(r -> assertThat(r.get("reactedByMe")).isEqualTo(false));
    }

    @Test
    void reactingTwiceIsIdempotentAndTheHeartWithoutItsSelectorIsTheSameReaction() {
        long message = send(callers.sender(), "Lunch is ready");
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            reacted(api.react(callers.participant(), message, "❤️"), 201);
            Map<?, ?> again = reacted(api.react(callers.participant(), message, "❤️"), 200);
            Map<?, ?> bare = reacted(api.react(callers.participant(), message, "\u2764"), 200);
            assertThat(again.get("reactions")).isEqualTo(bare.get("reactions"));
            assertThat(bare.get("reactions"))
                    .isEqualTo(List.of(Map.of(
                            "emoji",
                            "❤️",
                            "count",
                            1,
                            "staffIds",
                            List.of((int) Callers.PARTICIPANT),
                            "reactedByMe",
                            true)));
            // a different person's reaction is a new one; so is a different emoji
            reacted(api.react(callers.sender(), message, "\u2764"), 201);
            reacted(api.react(callers.participant(), message, "👍"), 201);

            List<String> raw = new ArrayList<>();
            List<EventEnvelope<?>> events =
                    reactionEvents(KafkaTestSupport.poll(consumer, 6, Duration.ofSeconds(20)), raw);
            // give a stray second event time to arrive before saying there is none
            events = new ArrayList<>(events);
            events.addAll(reactionEvents(KafkaTestSupport.poll(consumer, 1, Duration.ofSeconds(2)), raw));
            assertThat(events).hasSize(3);
            assertThat(events).allSatisfy(e -> assertThat(e.data()).isInstanceOf(ReactionAdded.class));
            assertThat(events)
                    .extracting(e -> ((ReactionAdded) e.data()).emoji())
                    .containsExactly("❤️", "❤️", "👍");
        }
        assertThat(reactions(callers.sender(), message))
                .extracting(r -> r.get("emoji"), r -> r.get("count"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("❤️", 2), org.assertj.core.groups.Tuple.tuple("👍", 1));
    }

    @Test
    void countsTheFirstFewInReactingOrderAndWhetherTheCallerReactedArePerCaller() {
        String hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        api.seedStaff(TestTokens.manager(99, hotel), 1, 2, 3, 4, 5, 6, 7, 8);
        Map<Long, String> staff = new LinkedHashMap<>();
        for (long s = 1; s <= 8; s++) {
            staff.put(s, TestTokens.staff(s, hotel, "staff"));
        }
        long conversation = api.createGroup(staff.get(1L), "Housekeeping", 2, 3, 4, 5, 6, 7, 8);
        long message = id(api.send(staff.get(1L), conversation, "Rooms 301-310 are clean", null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody());
        // 7 react with 👍 in the order 7, 6, 5, 4, 3, 2, 1; then 3 with 🎉 (after 👍 was first used)
        for (long s = 7; s >= 1; s--) {
            reacted(api.react(staff.get(s), message, "👍"), 201);
        }
        reacted(api.react(staff.get(3L), message, "🎉"), 201);

        for (long s = 1; s <= 8; s++) {
            List<Map<String, Object>> seen = api.reactionsOf(staff.get(s), conversation, message);
            assertThat(seen).extracting(r -> r.get("emoji")).containsExactly("👍", "🎉");
            assertThat(seen.get(0).get("count")).isEqualTo(7);
            assertThat(seen.get(0).get("staffIds")).isEqualTo(List.of(7, 6, 5, 4, 3));
            assertThat(seen.get(0).get("reactedByMe")).as("staff %d on 👍", s).isEqualTo(s <= 7);
            assertThat(seen.get(1).get("count")).isEqualTo(1);
            assertThat(seen.get(1).get("staffIds")).isEqualTo(List.of(3));
            assertThat(seen.get(1).get("reactedByMe")).as("staff %d on 🎉", s).isEqualTo(s == 3);
        }

        // one who reacted early takes it back: the next in line moves into the first few
        api.unreact(staff.get(6L), message, "👍").expectStatus().isNoContent();
        List<Map<String, Object>> after = api.reactionsOf(staff.get(6L), conversation, message);
        assertThat(after.get(0).get("count")).isEqualTo(6);
        assertThat(after.get(0).get("staffIds")).isEqualTo(List.of(7, 5, 4, 3, 2));
        assertThat(after.get(0).get("reactedByMe")).isEqualTo(false);
    }

    @Test
    void addingAndTakingBackPublishEventsWithTheReactionsAfterTheChangeAndNoCallersView() {
        long message = send(callers.sender(), "Who can cover the night shift?");
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            reacted(api.react(callers.participant(), message, "👍"), 201);
            reacted(api.react(callers.sender(), message, "👍"), 201);
            api.unreact(callers.participant(), message, "👍").expectStatus().isNoContent();
            // absent: still 204, and no event
            api.unreact(callers.participant(), message, "👍").expectStatus().isNoContent();
            api.unreact(callers.participant(), message, "🎉").expectStatus().isNoContent();
            api.unreact(callers.sender(), message, "\u2764").expectStatus().isNoContent();

            List<String> raw = new ArrayList<>();
            List<EventEnvelope<?>> events =
                    new ArrayList<>(reactionEvents(KafkaTestSupport.poll(consumer, 5, Duration.ofSeconds(20)), raw));
            events.addAll(reactionEvents(KafkaTestSupport.poll(consumer, 1, Duration.ofSeconds(2)), raw));
            assertThat(events).hasSize(3);
            assertThat(raw).noneMatch(json -> json.contains("reactedByMe"));

            ReactionAdded first = (ReactionAdded) events.get(0).data();
            assertThat(first.messageId()).isEqualTo(message);
            assertThat(first.conversationId()).isEqualTo(callers.conversationId());
            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.staffId()).isEqualTo(Callers.PARTICIPANT);
            assertThat(first.emoji()).isEqualTo("👍");
            assertThat(first.reactions()).containsExactly(new ReactionSummary("👍", 1, List.of(Callers.PARTICIPANT)));

            ReactionAdded second = (ReactionAdded) events.get(1).data();
            assertThat(second.staffId()).isEqualTo(Callers.SENDER);
            assertThat(second.reactions())
                    .containsExactly(new ReactionSummary("👍", 2, List.of(Callers.PARTICIPANT, Callers.SENDER)));

            ReactionRemoved removed = (ReactionRemoved) events.get(2).data();
            assertThat(removed.messageId()).isEqualTo(message);
            assertThat(removed.seq()).isEqualTo(1);
            assertThat(removed.staffId()).isEqualTo(Callers.PARTICIPANT);
            assertThat(removed.emoji()).isEqualTo("👍");
            assertThat(removed.reactions()).containsExactly(new ReactionSummary("👍", 1, List.of(Callers.SENDER)));
            assertThat(removed.at()).isAfterOrEqualTo(second.at());
        }
    }

    @Test
    void everyCallerGetsItsAnswerAndThoseRefusedChangeNothing() {
        long message = send(callers.sender(), "Shift swap on Friday?");
        Map<String, Integer> expected = Map.of(
                "sender", 201,
                "participant", 201,
                "deactivated", 403,
                "non-participant", 404,
                "manager", 404,
                "other-hotel", 404,
                "removed", 404);
        callers.all().forEach((name, token) -> {
            var response = api.react(token, message, "👍");
            int status = expected.get(name);
            if (status == 201) {
                reacted(response, 201);
            } else {
                problem(response, status, status == 403 ? "deactivated" : "not-found");
            }
        });
        List<Map<String, Object>> reactions = reactions(callers.sender(), message);
        assertThat(reactions).hasSize(1);
        assertThat(reactions.get(0).get("count")).isEqualTo(2);
        assertThat(reactions.get(0).get("staffIds"))
                .isEqualTo(List.of((int) Callers.SENDER, (int) Callers.PARTICIPANT));

        // taking back: those refused change nothing, whoever they name
        callers.all().forEach((name, token) -> {
            int status = expected.get(name);
            if (status != 201) {
                problem(api.unreact(token, message, "👍"), status, status == 403 ? "deactivated" : "not-found");
            }
        });
        assertThat(reactions(callers.sender(), message)).isEqualTo(reactions);

        api.unreact(callers.participant(), message, "👍").expectStatus().isNoContent();
        assertThat(reactions(callers.sender(), message).get(0).get("staffIds"))
                .isEqualTo(List.of((int) Callers.SENDER));

        // the other hotel's staff 1 cannot reach this message, nor can anyone reach a message that is not there
        problem(api.react(callers.otherHotel(), message, "🎉"), 404, "not-found");
        problem(api.react(callers.sender(), 1L, "🎉"), 404, "not-found");
        problem(api.unreact(callers.sender(), 1L, "🎉"), 404, "not-found");
        // nor does the sender reach the other hotel's message
        long theirs = id(api.send(
                        callers.otherHotel(),
                        api.createGroup(callers.otherHotel(), "Theirs", Callers.PARTICIPANT),
                        "hello",
                        null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody());
        problem(api.react(callers.sender(), theirs, "🎉"), 404, "not-found");
        problem(api.unreact(callers.sender(), theirs, "🎉"), 404, "not-found");
        assertThat(reactions(callers.sender(), message)).hasSize(1);
    }

    @Test
    void badInputIsA4xxProblemAndWritesNothing() {
        long message = send(callers.sender(), "Pool closes at 8");
        String participant = callers.participant();
        for (String emoji :
                List.of("👍👍", "👍❤️", "ok", "ok 👍", "👍 ", "", " ", "1", ":thumbsup:", "🇦🇦", "👍".repeat(40))) {
            problem(api.react(participant, message, emoji), 400, "invalid-request");
        }
        // NUL, a lone surrogate, no emoji, a null emoji, a number, another field, not JSON
        for (String json : List.of(
                "{\"emoji\":\"\\u0000\"}",
                "{\"emoji\":\"\\ud83d\"}",
                "{\"emoji\":\"\\udc4d\\ud83d\"}",
                "{}",
                "{\"emoji\":null}",
                "{\"emoji\":42}",
                "{\"emoji\":[\"👍\"]}",
                "not json",
                "[]")) {
            var response = api.reactWith(participant, message, json);
            response.expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        for (String id : List.of("abc", "9".repeat(30), "-", "1.5")) {
            api.reactWith(participant, id, Map.of("emoji", "👍"))
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }

        for (String encoded : List.of(
                "ok",
                "%F0%9F%91%8D%F0%9F%91%8D", // two emoji
                "%00",
                "%F0%9F%91%8D%00",
                "1",
                "%20",
                "%F0%9F%91%8D%20")) {
            problem(api.unreactEncoded(participant, message, encoded), 400, "invalid-request");
        }
        api.unreactEncoded(participant, "abc", "%F0%9F%91%8D")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(reactions(callers.sender(), message)).isEmpty();
        assertThat(db.sql("select count(*) as n from reaction where message_id = :id")
                        .bind("id", message)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    @Test
    void fieldsAClientMustNotSetAreRefused() {
        long message = send(callers.sender(), "Pool closes at 8");
        for (String json : List.of(
                "{\"emoji\":\"👍\",\"staffId\":1}",
                "{\"emoji\":\"👍\",\"hotel\":\"elsewhere\"}",
                "{\"emoji\":\"👍\",\"count\":100}")) {
            var response = api.reactWith(callers.participant(), message, json);
            response.expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(reactions(callers.sender(), message)).isEmpty();
        // the same rule for a send: the sender, the hotel and the seq come from the server
        for (String json : List.of(
                "{\"body\":\"hi\",\"senderId\":2}",
                "{\"body\":\"hi\",\"hotel\":\"elsewhere\"}",
                "{\"body\":\"hi\",\"seq\":1}")) {
            api.client()
                    .post()
                    .uri("/api/v1/conversations/{id}/messages", callers.conversationId())
                    .headers(h -> h.setBearerAuth(callers.participant()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(json)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(api.listIds(callers.sender(), callers.conversationId(), "")).containsExactly(message);
    }

    @Test
    void aDeletedMessageTakesNoReactionsAndShowsNone() {
        long message = send(callers.sender(), "Wrong room, sorry");
        reacted(api.react(callers.participant(), message, "😢"), 201);
        api.deleteMessage(callers.sender(), message, null).expectStatus().isNoContent();

        problem(api.react(callers.participant(), message, "👍"), 409, "conflict");
        problem(api.react(callers.participant(), message, "😢"), 409, "conflict");
        problem(api.unreact(callers.participant(), message, "😢"), 409, "conflict");
        assertThat(api.messageInList(callers.participant(), callers.conversationId(), message))
                .containsEntry("reactions", List.of());
        assertThat(db.sql("select count(*) as n from reaction where message_id = :id")
                        .bind("id", message)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .as("erased with the message's content, not only hidden")
                .isZero();
    }

    @Test
    void getOneAndAnEditAnswerTheReactionsAsTheCallerSeesThem() {
        long message = send(callers.sender(), "Room 12 needs towels");
        reacted(api.react(callers.participant(), message, "👍"), 201);
        Map<?, ?> thumbs = (Map<?, ?>)
                ((List<?>) api.message(callers.participant(), message).get("reactions")).get(0);
        assertThat(thumbs.get("emoji")).isEqualTo("👍");
        assertThat(thumbs.get("reactedByMe")).isEqualTo(true);
        Map<?, ?> edited = api.edit(callers.sender(), message, "Room 14 needs towels")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> seenBySender = (Map<?, ?>) ((List<?>) edited.get("reactions")).get(0);
        assertThat(seenBySender.get("count")).isEqualTo(1);
        assertThat(seenBySender.get("reactedByMe")).isEqualTo(false);
    }

    @Test
    void aMessageCarriesAtMostFiftyDifferentEmoji() {
        long message = send(callers.sender(), "Vote for the staff party theme");
        List<String> emoji = new ArrayList<>();
        for (int c = 0x1F600; emoji.size() < 51; c++) {
            emoji.add(new String(Character.toChars(c)));
        }
        for (String e : emoji.subList(0, 50)) {
            reacted(api.react(callers.participant(), message, e), 201);
        }
        problem(api.react(callers.participant(), message, emoji.get(50)), 409, "conflict");
        // one already on the message is still fine for someone else
        reacted(api.react(callers.sender(), message, emoji.get(0)), 201);
        assertThat(reactions(callers.sender(), message)).hasSize(50);
    }

    @Test
    void aRetriedSendAnswersWithTheMessagesReactions() {
        Map<?, ?> first = api.send(callers.sender(), callers.conversationId(), "Towels in 12", "c-1")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(first.get("reactions")).isEqualTo(List.of());
        reacted(api.react(callers.participant(), id(first), "✅"), 201);
        Map<?, ?> again = api.send(callers.sender(), callers.conversationId(), "Towels in 12", "c-1")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("reactions"))
                .isEqualTo(List.of(Map.of(
                        "emoji",
                        "✅",
                        "count",
                        1,
                        "staffIds",
                        List.of((int) Callers.PARTICIPANT),
                        "reactedByMe",
                        false)));
    }

    @Test
    void theOpenApiDocumentDescribesBothOperationsWithExamplesAndProblems() {
        String json = api.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var paths = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(json)
                .path("paths");
        var add = paths.path("/api/v1/messages/{messageId}/reactions").path("post");
        var remove =
                paths.path("/api/v1/messages/{messageId}/reactions/{emoji}").path("delete");
        assertThat(add.path("summary").asString()).isNotBlank();
        assertThat(remove.path("summary").asString()).isNotBlank();
        assertThat(add.path("requestBody").toString()).contains("examples");
        for (String status : List.of("200", "201")) {
            assertThat(add.path("responses").path(status).toString()).as(status).contains("reactedByMe");
        }
        assertThat(remove.path("responses").has("204")).isTrue();
        assertThat(remove.path("responses").has("200")).isFalse();
        for (var op : List.of(add, remove)) {
            for (String status : List.of("400", "401", "404", "409")) {
                assertThat(op.path("responses").has(status)).as(status).isTrue();
            }
        }
    }

    @Test
    void theSameReactionSentManyTimesAtOnceIsStoredAndAnnouncedOnce() throws Exception {
        long message = send(callers.sender(), "Fire drill at 10");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            List<java.util.concurrent.Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String emoji = i % 2 == 0 ? "❤️" : "\u2764"; // both forms of one reaction
                calls.add(pool.submit(() -> api.react(callers.participant(), message, emoji)
                        .returnResult(Void.class)
                        .getStatus()
                        .value()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (var call : calls) {
                statuses.add(call.get());
            }
            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);

            List<String> raw = new ArrayList<>();
            List<EventEnvelope<?>> events =
                    new ArrayList<>(reactionEvents(KafkaTestSupport.poll(consumer, 2, Duration.ofSeconds(5)), raw));
            events.removeIf(e -> ((ReactionAdded) e.data()).messageId() != message);
            assertThat(events).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(reactions(callers.sender(), message)).singleElement().satisfies(r -> assertThat(r.get("count"))
                .isEqualTo(1));
    }
}

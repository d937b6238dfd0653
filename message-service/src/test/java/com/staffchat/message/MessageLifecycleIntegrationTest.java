package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.DeleteMode;
import com.staffchat.events.EventCodec;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Issue 16 part A against the local PostgreSQL and an embedded Kafka broker: get one message, edit with history,
 * soft and hard delete, live reply previews, listing cursors; each endpoint tried as the six {@link Callers}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MessageLifecycleIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_life");
    static final String DELETED = "[Message deleted]";

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
    long conversation;

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.createRemovedInDatabase(api, db);
        conversation = callers.conversationId();
    }

    // ---- get one ----

    @Test
    void participantsGetTheMessageOthersGet404() {
        long id = api.sendId(callers.sender(), conversation, "Room 12 needs towels");
        Map<String, Object> listed =
                api.list(callers.sender(), conversation, "").get(0);
        for (var caller : callers.all().entrySet()) {
            ResponseSpec response = api.getMessage(caller.getValue(), id);
            switch (caller.getKey()) {
                case "sender", "participant" ->
                    assertThat(response.expectStatus()
                                    .isOk()
                                    .expectBody(Map.class)
                                    .returnResult()
                                    .getResponseBody())
                            .as(caller.getKey())
                            .isEqualTo(listed);
                case "deactivated" -> deactivated(response);
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
        }
        assertThat(api.message(callers.sender(), id)).containsEntry("body", "Room 12 needs towels");
    }

    @Test
    void unknownOrOtherConversationsMessageIs404() {
        long elsewhere = api.createGroup(callers.nonParticipant(), "Kitchen", Callers.MANAGER);
        long hidden = api.sendId(callers.nonParticipant(), elsewhere, "not for the front desk");
        problem(api.getMessage(callers.sender(), hidden), HttpStatus.NOT_FOUND, "not-found");
        problem(api.getMessage(callers.sender(), 123456789L), HttpStatus.NOT_FOUND, "not-found");
        problem(api.history(callers.sender(), hidden), HttpStatus.NOT_FOUND, "not-found");
    }

    // ---- edit and history ----

    @Test
    void editKeepsEarlierVersionsInHistoryAndPublishesMessageEdited() {
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            long id = api.sendId(callers.sender(), conversation, "Room 12 needs towels");
            Map<String, Object> sent = api.message(callers.sender(), id);
            Map<String, Object> first = body(api.edit(callers.sender(), id, "Room 14 needs towels"), HttpStatus.OK);
            Map<String, Object> second =
                    body(api.edit(callers.sender(), id, " Room 14 needs 3 towels \n"), HttpStatus.OK);

            assertThat(first).containsEntry("body", "Room 14 needs towels").containsEntry("seq", 1);
            assertThat(first.get("editedAt")).isNotNull();
            assertThat(second).containsEntry("body", "Room 14 needs 3 towels").containsEntry("mentions", List.of());
            assertThat(api.message(callers.participant(), id)).isEqualTo(second);
            assertThat(api.list(callers.participant(), conversation, "").get(0)).isEqualTo(second);

            List<Map<String, Object>> versions = api.versions(callers.participant(), id);
            assertThat(versions)
                    .extracting(v -> v.get("body"))
                    .containsExactly("Room 12 needs towels", "Room 14 needs towels", "Room 14 needs 3 towels");
            assertThat(versions).extracting(v -> v.get("version")).containsExactly(1, 2, 3);
            assertThat(versions)
                    .extracting(v -> v.get("writtenAt"))
                    .containsExactly(sent.get("createdAt"), first.get("editedAt"), second.get("editedAt"));
            assertThat(Instant.parse((String) second.get("editedAt")))
                    .isAfter(Instant.parse((String) first.get("editedAt")));

            List<MessageEdited> edits = events(consumer, MessageEdited.class, 2);
            assertThat(edits)
                    .containsExactly(
                            new MessageEdited(
                                    id,
                                    conversation,
                                    1,
                                    Callers.SENDER,
                                    "Room 14 needs towels",
                                    List.of(),
                                    Instant.parse((String) first.get("editedAt"))),
                            new MessageEdited(
                                    id,
                                    conversation,
                                    1,
                                    Callers.SENDER,
                                    "Room 14 needs 3 towels",
                                    List.of(),
                                    Instant.parse((String) second.get("editedAt"))));
        }
    }

    @Test
    void concurrentEditsAllLandInTheHistoryNoneLost() throws Exception {
        long id = api.sendId(callers.sender(), conversation, "v0");
        long events = outboxRows();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> edits = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                String text = "v" + i;
                edits.add(pool.submit(() ->
                        api.edit(callers.sender(), id, text).expectStatus().isOk()));
            }
            for (var edit : edits) {
                edit.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> versions = api.versions(callers.sender(), id);
        assertThat(versions).extracting(v -> v.get("version")).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(versions)
                .extracting(v -> v.get("body"))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6");
        assertThat(versions.get(0).get("body")).isEqualTo("v0");
        assertThat(api.message(callers.sender(), id).get("body"))
                .isEqualTo(versions.get(6).get("body"));
        assertThat(outboxRows()).isEqualTo(events + 6);
    }

    @Test
    void onlyTheSenderEditsAndNothingChangesForAnyoneElse() {
        long id = api.sendId(callers.sender(), conversation, "original");
        Map<String, Object> before = api.message(callers.sender(), id);
        long events = outboxRows();
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("sender")) {
                continue;
            }
            ResponseSpec response = api.edit(caller.getValue(), id, "changed by " + caller.getKey());
            switch (caller.getKey()) {
                case "participant" -> problem(response, HttpStatus.FORBIDDEN, "forbidden");
                case "deactivated" -> deactivated(response);
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
            assertThat(api.message(callers.sender(), id)).as(caller.getKey()).isEqualTo(before);
        }
        assertThat(api.versions(callers.sender(), id)).hasSize(1);
        assertThat(outboxRows()).isEqualTo(events);
        assertThat(body(api.edit(callers.sender(), id, "changed"), HttpStatus.OK))
                .containsEntry("body", "changed");
        assertThat(outboxRows()).isEqualTo(events + 1);
    }

    @Test
    void editToTheSameTextIs200WithoutAVersionOrEvent() {
        long id = api.sendId(callers.sender(), conversation, "Same words");
        Map<String, Object> before = api.message(callers.sender(), id);
        long events = outboxRows();
        assertThat(body(api.edit(callers.sender(), id, "  Same words "), HttpStatus.OK))
                .isEqualTo(before);
        assertThat(before.get("editedAt")).isNull();
        assertThat(api.versions(callers.sender(), id)).hasSize(1);
        assertThat(outboxRows()).isEqualTo(events);
    }

    @Test
    void editingADeletedMessageIs409() {
        long soft = api.sendId(callers.sender(), conversation, "soft");
        long hard = api.sendId(callers.sender(), conversation, "hard");
        api.deleteMessage(callers.sender(), soft, null).expectStatus().isNoContent();
        api.deleteMessage(callers.manager(), hard, "hard").expectStatus().isNoContent();
        long events = outboxRows();
        problem(api.edit(callers.sender(), soft, "back again"), HttpStatus.CONFLICT, "conflict");
        problem(api.edit(callers.sender(), hard, "back again"), HttpStatus.CONFLICT, "conflict");
        assertThat(api.message(callers.sender(), soft)).containsEntry("body", DELETED);
        assertThat(outboxRows()).isEqualTo(events);
    }

    @Test
    void badEditsGet400AndWriteNothing() {
        long id = api.sendId(callers.sender(), conversation, "original");
        Map<String, Object> before = api.message(callers.sender(), id);
        long events = outboxRows();
        for (String json : List.of(
                "{\"body\":\"\"}",
                "{\"body\":\"   \"}",
                "{}",
                "{\"body\":null}",
                "{\"body\":\"x" + "y".repeat(8000) + "\"}",
                "{\"body\":\"nul \\u0000 here\"}",
                "{\"body\":\"lone \\ud800 surrogate\"}",
                "{\"body\":\"bell \\u0007\"}",
                "{\"body\":\"ok\",\"senderId\":2}",
                "{\"body\":\"ok\",\"seq\":9}",
                "{\"body\":\"ok\",\"hotel\":\"other\"}",
                "{\"body\":\"ok\",\"deletedAt\":null}",
                "{\"body\": \"unterminated",
                "[\"ok\"]")) {
            badRequest(json, api.editJson(callers.sender(), id, json));
        }
        problem(api.edit(callers.sender(), 0, "ok"), HttpStatus.NOT_FOUND, "not-found");
        api.client()
                .patch()
                .uri("/api/v1/messages/not-a-number")
                .headers(h -> h.setBearerAuth(callers.sender()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"body\":\"ok\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(api.message(callers.sender(), id)).isEqualTo(before);
        assertThat(outboxRows()).isEqualTo(events);
    }

    @Test
    void sendWithFieldsAClientMustNotSetIs400AndStoresNothing() {
        for (String json : List.of(
                "{\"body\":\"ok\",\"senderId\":2}",
                "{\"body\":\"ok\",\"seq\":1}",
                "{\"body\":\"ok\",\"hotel\":\"other\"}",
                "{\"body\":\"ok\",\"id\":1}")) {
            badRequest(
                    json,
                    api.client()
                            .post()
                            .uri("/api/v1/conversations/{id}/messages", conversation)
                            .headers(h -> h.setBearerAuth(callers.sender()))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(json)
                            .exchange());
        }
        api.editJson(
                        callers.sender(),
                        api.sendId(callers.sender(), conversation, "mine"),
                        "{\"body\":\"x\",\"senderId\":2}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/invalid-request")
                .jsonPath("$.detail")
                .isEqualTo("senderId: not a field of this request");
        assertThat(api.listSeqs(callers.sender(), conversation, "")).containsExactly(1L);
    }

    @Test
    void historyIsForParticipantsOnly() {
        long id = api.sendId(callers.sender(), conversation, "v1");
        api.edit(callers.sender(), id, "v2").expectStatus().isOk();
        for (var caller : callers.all().entrySet()) {
            ResponseSpec response = api.history(caller.getValue(), id);
            switch (caller.getKey()) {
                case "sender", "participant" ->
                    response.expectStatus()
                            .isOk()
                            .expectBody()
                            .jsonPath("$.messageId")
                            .isEqualTo(id)
                            .jsonPath("$.versions[*].body")
                            .isEqualTo(List.of("v1", "v2"));
                case "deactivated" -> deactivated(response);
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
        }
    }

    // ---- delete ----

    @Test
    void softDeleteLeavesAPlaceholderAndErasesTextAndHistory() {
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            long question = api.sendId(callers.participant(), conversation, "Which room?");
            long id = reply(callers.sender(), "Room 12 secret code 4711", question);
            api.edit(callers.sender(), id, "Room 12, code 4711").expectStatus().isOk();
            long answer = reply(callers.participant(), "Thanks", id);

            api.deleteMessage(callers.sender(), id, "soft").expectStatus().isNoContent();

            Map<String, Object> placeholder = api.message(callers.participant(), id);
            assertThat(placeholder)
                    .containsEntry("body", DELETED)
                    .containsEntry("seq", 2)
                    .containsEntry("senderId", 1)
                    .containsEntry("replyTo", null)
                    .containsEntry("editedAt", null)
                    .containsEntry("mentions", List.of())
                    .containsEntry("reactions", List.of())
                    .containsEntry("attachments", List.of());
            assertThat(placeholder.get("deletedAt")).isNotNull();
            assertThat(api.list(callers.participant(), conversation, "").get(1)).isEqualTo(placeholder);
            assertThat(api.versions(callers.sender(), id)).isEmpty();
            // erased in the database, not only hidden
            assertThat(scalar("select body from message where id = " + id)).isEqualTo("");
            assertThat(scalar("select count(*) from message_version where message_id = " + id))
                    .isEqualTo(0L);
            assertThat(scalar("select count(*) from message where reply_to_id is null and id = " + id))
                    .isEqualTo(1L);

            // the reply quoting it shows the placeholder, computed when read
            assertThat(replyPreview(api.message(callers.sender(), answer))).isEqualTo(DELETED);
            assertThat(replyPreview(api.list(callers.sender(), conversation, "").get(0)))
                    .isEqualTo(DELETED);

            // soft twice: 204, nothing new
            long events = outboxRows();
            api.deleteMessage(callers.sender(), id, null).expectStatus().isNoContent();
            assertThat(outboxRows()).isEqualTo(events);

            List<MessageDeleted> deletes = events(consumer, MessageDeleted.class, 1);
            assertThat(deletes)
                    .containsExactly(new MessageDeleted(
                            id, conversation, 2, Callers.SENDER, Callers.SENDER, DeleteMode.SOFT, Instant.parse((String)
                                    placeholder.get("deletedAt"))));
        }
    }

    @Test
    void hardDeleteLeavesAStubSoSeqsStayGapFree() {
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            api.sendId(callers.sender(), conversation, "one");
            long id = api.sendId(callers.sender(), conversation, "two");
            api.edit(callers.sender(), id, "two, edited").expectStatus().isOk();
            long reply = reply(callers.participant(), "three", id);

            api.deleteMessage(callers.manager(), id, "hard").expectStatus().isNoContent();

            List<Map<String, Object>> page = api.list(callers.participant(), conversation, "");
            assertThat(page).extracting(m -> m.get("seq")).containsExactly(3, 2, 1);
            Map<String, Object> stub = page.get(1);
            assertThat(stub)
                    .containsEntry("id", id)
                    .containsEntry("conversationId", conversation)
                    .containsEntry("body", DELETED)
                    .containsEntry("replyTo", null)
                    .containsEntry("editedAt", null)
                    .containsEntry("clientId", null);
            assertThat(stub.get("deletedAt")).isNotNull();
            assertThat(api.message(callers.sender(), id)).isEqualTo(stub);
            assertThat(api.versions(callers.sender(), id)).isEmpty();
            assertThat(replyPreview(api.message(callers.sender(), reply))).isEqualTo(DELETED);
            assertThat(api.list(callers.sender(), conversation, "?after=1").get(0))
                    .isEqualTo(stub);
            // the row and its history are gone
            assertThat(scalar("select count(*) from message where id = " + id)).isEqualTo(0L);
            assertThat(scalar("select count(*) from message_version where message_id = " + id))
                    .isEqualTo(0L);

            // again, or soft after hard: 204, nothing new
            long events = outboxRows();
            api.deleteMessage(callers.manager(), id, "hard").expectStatus().isNoContent();
            api.deleteMessage(callers.sender(), id, "soft").expectStatus().isNoContent();
            assertThat(outboxRows()).isEqualTo(events);
            // the next send takes the next seq
            api.send(callers.sender(), conversation, "four", null)
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .jsonPath("$.seq")
                    .isEqualTo(4);

            assertThat(events(consumer, MessageDeleted.class, 1))
                    .containsExactly(new MessageDeleted(
                            id,
                            conversation,
                            2,
                            Callers.SENDER,
                            Callers.MANAGER,
                            DeleteMode.HARD,
                            Instant.parse((String) stub.get("deletedAt"))));
        }
    }

    @Test
    void hardAfterSoftRemovesTheRow() {
        long id = api.sendId(callers.sender(), conversation, "oops");
        api.deleteMessage(callers.sender(), id, null).expectStatus().isNoContent();
        long events = outboxRows();
        api.deleteMessage(callers.manager(), id, "HARD").expectStatus().isNoContent();
        assertThat(scalar("select count(*) from message where id = " + id)).isEqualTo(0L);
        assertThat(scalar("select count(*) from message_tombstone where id = " + id))
                .isEqualTo(1L);
        assertThat(outboxRows()).isEqualTo(events + 1);
    }

    @Test
    void softDeleteIsForTheSenderAndManagersWhoMayModerateWithoutReading() {
        for (var caller : callers.all().entrySet()) {
            long id = api.sendId(callers.sender(), conversation, "to delete as " + caller.getKey());
            Map<String, Object> before = api.message(callers.sender(), id);
            long events = outboxRows();
            ResponseSpec response = api.deleteMessage(caller.getValue(), id, null);
            switch (caller.getKey()) {
                case "sender", "manager" -> {
                    response.expectStatus().isNoContent();
                    assertThat(api.message(callers.sender(), id)).containsEntry("body", DELETED);
                    assertThat(outboxRows()).isEqualTo(events + 1);
                    continue;
                }
                case "participant" -> problem(response, HttpStatus.FORBIDDEN, "forbidden");
                case "deactivated" -> deactivated(response);
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
            assertThat(api.message(callers.sender(), id)).as(caller.getKey()).isEqualTo(before);
            assertThat(outboxRows()).isEqualTo(events);
        }
        // the manager who moderated still cannot read the conversation
        problem(
                api.getMessage(callers.manager(), api.sendId(callers.sender(), conversation, "x")),
                HttpStatus.NOT_FOUND,
                "not-found");
    }

    @Test
    void hardDeleteIsForManagersOnly() {
        long id = api.sendId(callers.sender(), conversation, "keep me");
        Map<String, Object> before = api.message(callers.sender(), id);
        long events = outboxRows();
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("manager")) {
                continue;
            }
            ResponseSpec response = api.deleteMessage(caller.getValue(), id, "hard");
            switch (caller.getKey()) {
                case "sender", "participant" -> problem(response, HttpStatus.FORBIDDEN, "forbidden");
                case "deactivated" -> deactivated(response);
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
            assertThat(api.message(callers.sender(), id)).as(caller.getKey()).isEqualTo(before);
        }
        assertThat(outboxRows()).isEqualTo(events);
        api.deleteMessage(callers.manager(), id, "hard").expectStatus().isNoContent();
        assertThat(outboxRows()).isEqualTo(events + 1);
    }

    @Test
    void badDeleteModeIs400AndUnknownMessage404() {
        long id = api.sendId(callers.sender(), conversation, "stay");
        long events = outboxRows();
        for (String mode : List.of("purge", "", "soft,hard")) {
            problem(api.deleteMessage(callers.sender(), id, mode), HttpStatus.BAD_REQUEST, "invalid-request");
        }
        problem(api.deleteMessage(callers.manager(), 987654321L, "hard"), HttpStatus.NOT_FOUND, "not-found");
        assertThat(api.message(callers.sender(), id)).containsEntry("body", "stay");
        assertThat(outboxRows()).isEqualTo(events);
    }

    // ---- replies ----

    @Test
    void replyPreviewShowsTheQuotedMessageAsItIsNow() {
        long question = api.sendId(callers.participant(), conversation, "Which room?");
        long answer = reply(callers.sender(), "Room 12", question);
        api.edit(callers.participant(), question, "Which room is it?")
                .expectStatus()
                .isOk();
        assertThat(replyPreview(api.message(callers.sender(), answer))).isEqualTo("Which room is it?");
        assertThat(replyPreview(api.list(callers.sender(), conversation, "").get(0)))
                .isEqualTo("Which room is it?");
    }

    @Test
    void replyingToADeletedMessageIs409AndStoresNothing() {
        long soft = api.sendId(callers.participant(), conversation, "soft");
        long hard = api.sendId(callers.participant(), conversation, "hard");
        api.deleteMessage(callers.participant(), soft, null).expectStatus().isNoContent();
        api.deleteMessage(callers.manager(), hard, "hard").expectStatus().isNoContent();
        for (long target : List.of(soft, hard)) {
            problem(api.reply(callers.sender(), conversation, "re", target), HttpStatus.CONFLICT, "conflict");
        }
        assertThat(api.listSeqs(callers.sender(), conversation, "")).containsExactly(2L, 1L);
    }

    // ---- listing ----

    @Test
    void listingPagesBeforeAfterAndAroundWithDeletedMessagesInPlace() {
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            ids.add(api.sendId(callers.sender(), conversation, "m" + i));
        }
        api.deleteMessage(callers.sender(), ids.get(3), null).expectStatus().isNoContent();
        api.deleteMessage(callers.manager(), ids.get(4), "hard").expectStatus().isNoContent();
        String token = callers.participant();

        assertThat(api.listSeqs(token, conversation, "")).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(api.listSeqs(token, conversation, "?before=6&limit=3")).containsExactly(5L, 4L, 3L);
        assertThat(api.listSeqs(token, conversation, "?after=3&limit=3")).containsExactly(4L, 5L, 6L);
        assertThat(api.listSeqs(token, conversation, "?around=5&limit=5")).containsExactly(7L, 6L, 5L, 4L, 3L);
        assertThat(api.listSeqs(token, conversation, "?around=5&limit=4")).containsExactly(6L, 5L, 4L, 3L);
        assertThat(api.listSeqs(token, conversation, "?around=1&limit=3")).containsExactly(2L, 1L);
        assertThat(api.listSeqs(token, conversation, "?around=9&limit=3")).containsExactly(9L, 8L);
        assertThat(api.listSeqs(token, conversation, "?around=5&limit=1")).containsExactly(5L);
        assertThat(api.listSeqs(token, conversation, "?after=9")).isEmpty();

        assertThat(page(token, "?around=5&limit=3").get("hasMore")).isEqualTo(true);
        assertThat(page(token, "?around=5&limit=9").get("hasMore")).isEqualTo(false);
        assertThat(page(token, "?around=5&limit=20").get("hasMore")).isEqualTo(false);
        assertThat(page(token, "?before=4&limit=3").get("hasMore")).isEqualTo(false);
        assertThat(page(token, "?before=5&limit=3").get("hasMore")).isEqualTo(true);

        List<Map<String, Object>> around = api.list(token, conversation, "?around=5&limit=3");
        assertThat(around).extracting(m -> m.get("body")).containsExactly("m6", DELETED, DELETED);
        assertThat(around).allSatisfy(m -> assertThat(m.get("seq")).isNotNull());
    }

    @Test
    void listingLimitIsClampedToTheDocumentedMaximum() {
        for (int i = 0; i < 3; i++) {
            api.sendId(callers.sender(), conversation, "m" + i);
        }
        assertThat(api.listSeqs(callers.sender(), conversation, "?limit=100000"))
                .hasSize(3);
        assertThat(api.listSeqs(callers.sender(), conversation, "?limit=-5")).containsExactly(3L);
        assertThat(api.listSeqs(callers.sender(), conversation, "?around=2&limit=0"))
                .containsExactly(2L);
    }

    @Test
    void garbageCursorsAre400Problems() {
        api.sendId(callers.sender(), conversation, "m");
        for (String query : List.of(
                "?before=abc",
                "?after=1.5",
                "?around=0",
                "?before=0",
                "?after=-1",
                "?before=-3",
                "?before=99999999999999999999999",
                "?limit=99999999999",
                "?limit=ten",
                "?before=2&after=1",
                "?around=1&before=2",
                "?around=1&after=0",
                "?before=%00")) {
            badRequest(query, api.listing(callers.sender(), conversation, query));
        }
    }

    @Test
    void listingWithCursorsIsForParticipantsOnly() {
        api.sendId(callers.sender(), conversation, "m");
        for (var caller : callers.all().entrySet()) {
            ResponseSpec response = api.listing(caller.getValue(), conversation, "?around=1");
            switch (caller.getKey()) {
                case "sender", "participant" ->
                    response.expectStatus()
                            .isOk()
                            .expectBody()
                            .jsonPath("$.messages[0].seq")
                            .isEqualTo(1);
                case "deactivated" -> deactivated(response);
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
        }
    }

    // ---- OpenAPI ----

    @Test
    @SuppressWarnings("unchecked")
    void openApiDocumentsEveryNewOperationUnderTheGatewaysPathTemplates() {
        Map<String, Object> doc = api.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        assertThat(paths.get("/api/v1/messages/{messageId}")).containsKeys("get", "patch", "delete");
        assertThat(paths.get("/api/v1/messages/{messageId}/history")).containsKey("get");
        Map<String, Object> delete = paths.get("/api/v1/messages/{messageId}").get("delete") instanceof Map<?, ?> d
                ? (Map<String, Object>) d
                : Map.of();
        assertThat((Map<String, Object>) delete.get("responses")).containsKeys("204", "400", "403", "404");
        Map<String, Object> patch =
                (Map<String, Object>) paths.get("/api/v1/messages/{messageId}").get("patch");
        assertThat((Map<String, Object>) patch.get("responses")).containsKeys("200", "400", "403", "404", "409");
        List<Map<String, Object>> listParameters = (List<Map<String, Object>>)
                ((Map<String, Object>) paths.get("/api/v1/conversations/{conversationId}/messages")
                                .get("get"))
                        .get("parameters");
        assertThat(listParameters).extracting(p -> p.get("name")).contains("before", "after", "around", "limit");
    }

    // ---- helpers ----

    private long reply(String token, String text, long replyToId) {
        Map<String, Object> sent = body(api.reply(token, conversation, text, replyToId), HttpStatus.CREATED);
        return ((Number) sent.get("id")).longValue();
    }

    private static String replyPreview(Map<String, Object> message) {
        return (String) ((Map<?, ?>) message.get("replyTo")).get("preview");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> page(String token, String query) {
        return api.listing(token, conversation, query)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ResponseSpec response, HttpStatus status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static void problem(ResponseSpec response, HttpStatus status, String slug) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + slug);
    }

    /** A 400 problem with a detail; the failure names the {@code input} that did not get one. */
    private static void badRequest(String input, ResponseSpec response) {
        try {
            response.expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .isNotEmpty();
        } catch (AssertionError e) {
            throw new AssertionError("for " + input + ": " + e.getMessage(), e);
        }
    }

    private static void deactivated(ResponseSpec response) {
        problem(response, HttpStatus.FORBIDDEN, "deactivated");
    }

    /** This conversation's outbox rows: any change would have written one. */
    private long outboxRows() {
        return (Long) scalar("select count(*) from outbox where record_key = '" + conversation + "'");
    }

    private Object scalar(String sql) {
        return db.sql(sql).map(row -> row.get(0)).one().block(Duration.ofSeconds(10));
    }

    /** This conversation's events of {@code type}, in order, once {@code expected} of them arrived (or 20 s passed). */
    private <T> List<T> events(
            org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer, Class<T> type, int expected) {
        List<T> found = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Object data = codec.decode(r.value()).data();
                if (r.key().equals(Long.toString(conversation)) && type.isInstance(data)) {
                    found.add(type.cast(data));
                }
            }
        }
        return found;
    }
}

package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ArchiveScope;
import com.staffchat.events.ConversationArchived;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationMuted;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Archive and mute (issue 17, H3) against the local PostgreSQL and an embedded Kafka broker: archived for me leaves
 * my list until a new message, archived for everyone is read-only (sends, edits and reactions 409
 * {@code conversation-archived}, nothing stored), mutes are per person and change no count, every endpoint is tried
 * as the six {@link Callers} and a removed participant, and bad input changes nothing.
 *
 * <p>"Archived for me" and "muted" are checked against the columns with the frame's definitions, since the
 * conversation view's list fields (archived, muted) are H1's and not on this branch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ArchiveMuteIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("archive_mute_it");

    /** A person who was in the group and was removed (simulated with the frame's SQL until H2's API exists). */
    static final long REMOVED = 5;

    static final String ARCHIVED_TYPE = "https://staffchat.dev/problems/conversation-archived";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
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
    String removed;

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.createRemovedInDatabase(api, db);
        api.seedStaff(callers.manager(), REMOVED);
        removed = TestTokens.staff(REMOVED, callers.hotel(), "staff");
        db.sql("""
                insert into participant (conversation_id, hotel, staff_id, role) values (:c, :h, :s, 'MEMBER')""")
                .bind("c", callers.conversationId())
                .bind("h", callers.hotel())
                .bind("s", REMOVED)
                .then()
                .block();
        removeFromGroup(REMOVED);
    }

    // ---- archive for me ----

    @Test
    void archiveForMeLeavesMyListAndANewMessageBringsItBack() {
        long c = callers.conversationId();
        api.sendOk(callers.sender(), c, "Towels for 12");
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<String, Object> view = body(
                    api.archive(callers.participant(), c, null).expectStatus().isOk());
            assertThat(((Number) view.get("id")).longValue()).isEqualTo(c);
            assertThat(archivedForMe(c, Callers.PARTICIPANT)).isTrue();
            assertThat(archivedForMe(c, Callers.SENDER)).as("only mine").isFalse();
            // again: nothing changes, no second event
            api.archive(callers.participant(), c, "me").expectStatus().isOk();
            assertThat(outboxCount("staffchat.conversation.archived")).isEqualTo(1);

            // a new message brings it back, without any write of the participant's row
            api.sendOk(callers.sender(), c, "And 14");
            assertThat(archivedForMe(c, Callers.PARTICIPANT)).isFalse();
            // the participant's own messages bring it back too (any message)
            api.archive(callers.participant(), c, "me").expectStatus().isOk();
            assertThat(archivedForMe(c, Callers.PARTICIPANT)).isTrue();
            api.sendOk(callers.participant(), c, "Done");
            assertThat(archivedForMe(c, Callers.PARTICIPANT)).isFalse();

            api.archive(callers.participant(), c, "ME").expectStatus().isOk();
            api.unarchive(callers.participant(), c, null).expectStatus().isOk();
            assertThat(archivedForMe(c, Callers.PARTICIPANT)).isFalse();
            // unarchiving what is not archived: nothing
            api.unarchive(callers.participant(), c, "me").expectStatus().isOk();
            assertThat(outboxCount("staffchat.conversation.archived")).isEqualTo(4);

            List<ConversationArchived> events = events(consumer, ConversationArchived.class, 4);
            assertThat(events)
                    .extracting(
                            ConversationArchived::conversationId,
                            ConversationArchived::staffId,
                            ConversationArchived::scope,
                            ConversationArchived::archived)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, ArchiveScope.SELF, true),
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, ArchiveScope.SELF, true),
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, ArchiveScope.SELF, true),
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, ArchiveScope.SELF, false));
        }
    }

    @Test
    void aDirectConversationIsArchivedForMeButNeverForEveryone() {
        long direct = id(body(api.createDirect(callers.sender(), Callers.PARTICIPANT)
                .expectStatus()
                .isCreated()));
        for (String token : List.of(callers.sender(), callers.participant())) {
            problem(api.archive(token, direct, "all"), 409);
            problem(api.unarchive(token, direct, "all"), 409);
        }
        assertThat(archivedForEveryone(direct)).isFalse();
        api.archive(callers.participant(), direct, "me").expectStatus().isOk();
        assertThat(archivedForMe(direct, Callers.PARTICIPANT)).isTrue();
        api.sendOk(callers.sender(), direct, "Are you on shift?");
        assertThat(archivedForMe(direct, Callers.PARTICIPANT)).isFalse();
    }

    // ---- archive for everyone ----

    @Test
    void archivedForEveryoneIsReadOnlyAndUnarchivingRestoresIt() {
        long c = callers.conversationId();
        long first = id(api.sendOk(callers.sender(), c, "Towels for 12"));
        long theirs = id(api.sendOk(callers.participant(), c, "On it"));
        api.react(callers.participant(), first, "👍").expectStatus().isCreated();
        api.send(callers.sender(), c, "Linen", "c-linen").expectStatus().isCreated();
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            api.archive(callers.sender(), c, "all").expectStatus().isOk();
            assertThat(archivedForEveryone(c)).isTrue();
            long sentEvents = outboxCount("staffchat.message.sent");

            // sends, edits and reactions: 409 conversation-archived, and nothing is stored
            for (String token : List.of(callers.sender(), callers.participant())) {
                archivedProblem(api.send(token, c, "Anyone?", null));
                archivedProblem(api.send(token, c, "Anyone?", "c-new-" + token.hashCode()));
                archivedProblem(api.send(token, c, "@all Anyone?", null));
            }
            archivedProblem(api.edit(callers.sender(), first, "Towels for 14"));
            archivedProblem(api.edit(callers.participant(), theirs, "On it, 5 minutes"));
            archivedProblem(api.react(callers.sender(), first, "🎉"));
            archivedProblem(api.unreact(callers.participant(), first, "👍"));
            assertThat(lastSeq(c)).isEqualTo(3);
            assertThat(messageCount(c)).isEqualTo(3);
            assertThat(outboxCount("staffchat.message.sent")).isEqualTo(sentEvents);
            assertThat(outboxCount("staffchat.message.edited")).isZero();
            assertThat(outboxCount("staffchat.reaction.removed")).isZero();
            assertThat(outboxCount("staffchat.reaction.added")).isEqualTo(1);
            assertThat(api.message(callers.sender(), first)).containsEntry("body", "Towels for 12");
            assertThat(api.reactionsOf(callers.sender(), c, first)).hasSize(1);

            // outsiders still learn nothing: 404, not 409
            for (String outsider : List.of(callers.nonParticipant(), callers.otherHotel(), removed)) {
                problem(api.send(outsider, c, "Hello", null), 404);
            }
            // a retry of a send stored before the archive still answers the first message (idempotent)
            assertThat(api.send(callers.sender(), c, "Linen", "c-linen")
                            .expectStatus()
                            .isOk()
                            .expectBody(Map.class)
                            .returnResult()
                            .getResponseBody())
                    .containsEntry("seq", 3);

            // reading stays allowed: list, get, mark read; and deleting a message (documented decision)
            assertThat(api.listSeqs(callers.participant(), c, "")).containsExactly(3L, 2L, 1L);
            assertThat(api.markReadOk(callers.participant(), c, 3)).containsEntry("moved", true);
            api.deleteMessage(callers.participant(), theirs, null)
                    .expectStatus()
                    .isNoContent();

            // archiving again changes nothing; unarchiving restores sends, edits and reactions
            api.archive(callers.sender(), c, "all").expectStatus().isOk();
            api.unarchive(callers.sender(), c, "all").expectStatus().isOk();
            assertThat(archivedForEveryone(c)).isFalse();
            assertThat(api.sendOk(callers.participant(), c, "Back again")).containsEntry("seq", 4);
            api.edit(callers.sender(), first, "Towels for 14").expectStatus().isOk();
            api.react(callers.sender(), first, "🎉").expectStatus().isCreated();

            List<ConversationArchived> events = events(consumer, ConversationArchived.class, 2);
            assertThat(events)
                    .extracting(
                            ConversationArchived::staffId, ConversationArchived::scope, ConversationArchived::archived)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Callers.SENDER, ArchiveScope.ALL, true),
                            org.assertj.core.groups.Tuple.tuple(Callers.SENDER, ArchiveScope.ALL, false));
            assertThat(outboxCount("staffchat.conversation.archived")).isEqualTo(2);
        }
    }

    @Test
    void nothingLandsAfterAnArchiveForEveryoneCommits() {
        long c = callers.conversationId();
        long first = id(api.sendOk(callers.sender(), c, "Towels for 12"));
        List<java.util.concurrent.Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String text = "Room " + i;
            calls.add(() -> answer("send", api.send(callers.participant(), c, text, null)));
        }
        for (int i = 0; i < 8; i++) {
            String text = "Towels for 1" + i;
            calls.add(() -> answer("edit", api.edit(callers.sender(), first, text)));
        }
        for (String emoji : List.of("👍", "❤️", "😊", "😂", "😮", "😢", "🎉", "🔥")) {
            calls.add(() -> answer("react", api.react(callers.participant(), first, emoji)));
        }
        calls.add(calls.size() / 3, () -> answer("archive", api.archive(callers.sender(), c, "all")));
        List<String> answers = reactor.core.publisher.Flux.fromIterable(calls)
                .flatMapSequential(
                        call -> reactor.core.publisher.Mono.fromCallable(call)
                                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()),
                        8)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(answers).contains("archive 200");
        assertThat(answers)
                .allMatch(a -> a.equals("archive 200")
                        || a.equals("send 201")
                        || a.equals("edit 200")
                        || a.equals("react 201")
                        || a.endsWith(" 409 conversation-archived"));
        // every change that answered success was stored before the archive, and none after it
        assertThat(messageCount(c) - 1)
                .isEqualTo(answers.stream().filter("send 201"::equals).count());
        assertThat(outboxCount("staffchat.message.edited"))
                .isEqualTo(answers.stream().filter("edit 200"::equals).count());
        assertThat(outboxCount("staffchat.reaction.added"))
                .isEqualTo(answers.stream().filter("react 201"::equals).count());
        Boolean allBefore = db.sql("""
                select coalesce(max(t), '-infinity') < (select archived_at from conversation where id = :c) as before
                from (select created_at as t from message where conversation_id = :c
                      union all select edited_at from message where conversation_id = :c
                      union all select r.created_at from reaction r join message m on m.id = r.message_id
                                where m.conversation_id = :c) changes""")
                .bind("c", c)
                .map(row -> row.get("before", Boolean.class))
                .one()
                .block();
        assertThat(allBefore).isTrue();
    }

    /** "what status" plus the problem type's slug of a 409, e.g. {@code send 409 conversation-archived}. */
    private static String answer(String what, ResponseSpec response) {
        var result = response.expectBody(String.class).returnResult();
        int status = result.getStatus().value();
        String body = result.getResponseBody();
        if (status == 409 && body != null && body.contains(ARCHIVED_TYPE)) {
            return what + " 409 conversation-archived";
        }
        return what + " " + status;
    }

    @Test
    void onlyGroupAdminsArchiveForEveryone() {
        long c = callers.conversationId();
        problem(api.archive(callers.participant(), c, "all"), 403);
        assertThat(archivedForEveryone(c)).isFalse();
        api.archive(callers.sender(), c, "all").expectStatus().isOk();
        problem(api.unarchive(callers.participant(), c, "all"), 403);
        assertThat(archivedForEveryone(c)).isTrue();
        // a member may still archive it for themselves
        api.archive(callers.participant(), c, "me").expectStatus().isOk();
        assertThat(archivedForMe(c, Callers.PARTICIPANT)).isTrue();
        assertThat(outboxCount("staffchat.conversation.archived")).isEqualTo(2);
    }

    // ---- mute ----

    @Test
    void muteUntilATimeOrForGoodAndUnmuteEachWriteOneEvent() {
        long c = callers.conversationId();
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            api.mute(callers.participant(), c, "{\"until\":\"" + until + "\"}")
                    .expectStatus()
                    .isOk();
            assertThat(mutedUntil(c, Callers.PARTICIPANT)).isEqualTo(until.toString());
            assertThat(muted(c, Callers.PARTICIPANT)).isTrue();
            assertThat(muted(c, Callers.SENDER)).as("only mine").isFalse();
            // the same mute again: nothing
            api.mute(callers.participant(), c, "{\"until\":\"" + until + "\"}")
                    .expectStatus()
                    .isOk();
            assertThat(outboxCount("staffchat.conversation.muted")).isEqualTo(1);

            api.mute(callers.participant(), c, "{}").expectStatus().isOk();
            assertThat(mutedUntil(c, Callers.PARTICIPANT)).isEqualTo("infinity");
            api.mute(callers.participant(), c, "{\"until\":null}")
                    .expectStatus()
                    .isOk();
            assertThat(outboxCount("staffchat.conversation.muted")).isEqualTo(2);

            // a mute changes no count: messages and mentions still count as unread
            assertThat(api.sendMentioning(callers.sender(), c, "@all towels for 12"))
                    .contains(Callers.PARTICIPANT);
            Map<String, Object> unread = api.unreadOk(callers.participant());
            assertThat(((Number) unread.get("totalUnreadCount")).longValue()).isEqualTo(1);
            assertThat(api.mentionedMessageIds(callers.participant(), "")).hasSize(1);

            api.unmute(callers.participant(), c).expectStatus().isOk();
            assertThat(mutedUntil(c, Callers.PARTICIPANT)).isNull();
            api.unmute(callers.participant(), c).expectStatus().isOk();
            assertThat(outboxCount("staffchat.conversation.muted")).isEqualTo(3);

            List<ConversationMuted> events = events(consumer, ConversationMuted.class, 3);
            assertThat(events)
                    .extracting(
                            ConversationMuted::conversationId,
                            ConversationMuted::staffId,
                            ConversationMuted::muted,
                            ConversationMuted::mutedUntil)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, true, until),
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, true, null),
                            org.assertj.core.groups.Tuple.tuple(c, Callers.PARTICIPANT, false, null));
        }
    }

    @Test
    void aMutedDirectConversationStillCountsAsUnread() {
        long direct = id(body(api.createDirect(callers.sender(), Callers.PARTICIPANT)
                .expectStatus()
                .isCreated()));
        api.mute(callers.participant(), direct, "{}").expectStatus().isOk();
        api.sendOk(callers.sender(), direct, "Can you cover my shift?");
        Map<String, Object> unread = api.unreadOk(callers.participant());
        assertThat(((Number) unread.get("totalUnreadCount")).longValue()).isEqualTo(1);
    }

    // ---- authorization and bad input ----

    @Test
    void everyEndpointAsEveryCaller() {
        long c = callers.conversationId();
        String state = state(c);
        long events = outboxCount(null);
        List<String> outsiders = List.of(callers.nonParticipant(), callers.manager(), callers.otherHotel(), removed);
        for (String outsider : outsiders) {
            for (String scope : new String[] {null, "me", "all"}) {
                problem(api.archive(outsider, c, scope), 404);
                problem(api.unarchive(outsider, c, scope), 404);
            }
            problem(api.mute(outsider, c, "{}"), 404);
            problem(api.unmute(outsider, c), 404);
        }
        // a deactivated participant is stopped by the security layer
        for (String scope : new String[] {null, "me", "all"}) {
            problem(api.archive(callers.deactivated(), c, scope), 403)
                    .jsonPath("$.type")
                    .value(t -> assertThat((String) t).endsWith("/deactivated"));
            problem(api.unarchive(callers.deactivated(), c, scope), 403);
        }
        problem(api.mute(callers.deactivated(), c, "{}"), 403);
        problem(api.unmute(callers.deactivated(), c), 403);
        // a member may not archive for everyone
        problem(api.archive(callers.participant(), c, "all"), 403);
        problem(api.unarchive(callers.participant(), c, "all"), 403);
        assertThat(state(c)).isEqualTo(state);
        assertThat(outboxCount(null)).isEqualTo(events);

        // participants: each for themselves; the admin for everyone
        for (String token : List.of(callers.sender(), callers.participant())) {
            assertThat(id(body(api.archive(token, c, "me").expectStatus().isOk())))
                    .isEqualTo(c);
            assertThat(id(body(api.unarchive(token, c, null).expectStatus().isOk())))
                    .isEqualTo(c);
            assertThat(id(body(api.mute(token, c, "{}").expectStatus().isOk()))).isEqualTo(c);
            assertThat(id(body(api.unmute(token, c).expectStatus().isOk()))).isEqualTo(c);
        }
        assertThat(id(body(
                        api.archive(callers.sender(), c, "all").expectStatus().isOk())))
                .isEqualTo(c);
        assertThat(id(body(
                        api.unarchive(callers.sender(), c, "all").expectStatus().isOk())))
                .isEqualTo(c);
    }

    @Test
    void badInputAnswers400AndChangesNothing() {
        long c = callers.conversationId();
        String token = callers.sender();
        String state = state(c);
        long events = outboxCount(null);
        for (String scope : List.of("xyz", "", "everyone", "me%00", "all,me")) {
            problem(api.archive(token, c, scope), 400);
            problem(api.unarchive(token, c, scope), 400);
        }
        String past = Instant.now().minus(Duration.ofMinutes(1)).toString();
        String tooFar = Instant.now().plus(Duration.ofDays(400)).toString();
        for (String body : List.of(
                "{\"until\":\"" + past + "\"}",
                "{\"until\":\"" + tooFar + "\"}",
                "{\"until\":\"+1000000-01-01T00:00:00Z\"}",
                "{\"until\":\"garbage\"}",
                "{\"until\":\"2026-12-01T08:00:00\"}",
                "{\"until\":\"\"}",
                "{\"until\":0}",
                "{\"until\":[]}",
                "{\"until\":\"2099-12-01T08:00:00Z\"}",
                "{\"until\":\"2026-12-01T08:00:00Z\",\"staffId\":2}",
                "[]",
                "\"\"",
                "null",
                "not json",
                "")) {
            problem(api.mute(token, c, body), 400);
        }
        problem(api.archive(token, "abc", null), 400);
        problem(api.mute(token, "99999999999999999999999", "{}"), 400);
        // refused before its body was read: the connection ends with the answer (a reused one stopped serving, and
        // the next test's first request never answered)
        api.mute(token, "abc", "{}")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .valueEquals("Connection", "close");
        problem(api.unmute(token, "abc"), 400);
        problem(api.archive(token, 42, null), 404);
        problem(
                api.client()
                        .put()
                        .uri("/api/v1/conversations/" + c + "/mute")
                        .headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("{}")
                        .exchange(),
                415);
        assertThat(state(c)).isEqualTo(state);
        assertThat(outboxCount(null)).isEqualTo(events);
    }

    @Test
    void theOpenApiDocumentDescribesTheFourOperationsWithTheirProblems() {
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
        var archive = paths.path("/api/v1/conversations/{conversationId}/archive");
        var mute = paths.path("/api/v1/conversations/{conversationId}/mute");
        for (var op : List.of(archive.path("post"), archive.path("delete"))) {
            assertThat(op.path("summary").asString()).isNotBlank();
            assertThat(op.path("parameters").toString()).contains("scope");
            for (String status : List.of("200", "400", "403", "404", "409")) {
                assertThat(op.path("responses").has(status)).as(status).isTrue();
            }
        }
        assertThat(mute.path("put").path("requestBody").toString()).contains("until");
        for (var op : List.of(mute.path("put"), mute.path("delete"))) {
            assertThat(op.path("summary").asString()).isNotBlank();
            assertThat(op.path("responses").has("200")).isTrue();
            assertThat(op.path("responses").has("404")).isTrue();
        }
        assertThat(mute.path("put").path("responses").has("400")).isTrue();
    }

    // ---- helpers ----

    /** The frame's removal: the participant row goes and a departure row records it, in one transaction. */
    private void removeFromGroup(long staffId) {
        db.sql("""
                with gone as (
                    delete from participant where hotel = :h and conversation_id = :c and staff_id = :s returning 1)
                insert into participant_departure (conversation_id, hotel, staff_id, removed_by)
                select :c, :h, :s, :by from gone""")
                .bind("h", callers.hotel())
                .bind("c", callers.conversationId())
                .bind("s", staffId)
                .bind("by", Callers.SENDER)
                .then()
                .block();
    }

    /** The frame's definition of archived for me. */
    private boolean archivedForMe(long conversationId, long staffId) {
        return Boolean.TRUE.equals(db.sql("""
                select p.archived_at is not null
                       and (c.last_message_at is null or c.last_message_at <= p.archived_at) as archived
                from participant p join conversation c on c.id = p.conversation_id
                where p.hotel = :h and p.conversation_id = :c and p.staff_id = :s""")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> row.get("archived", Boolean.class))
                .one()
                .block());
    }

    private boolean archivedForEveryone(long conversationId) {
        return Boolean.TRUE.equals(
                db.sql("select archived_at is not null as archived from conversation where hotel = :h and id = :c")
                        .bind("h", callers.hotel())
                        .bind("c", conversationId)
                        .map(row -> row.get("archived", Boolean.class))
                        .one()
                        .block());
    }

    /** The frame's definition of muted. */
    private boolean muted(long conversationId, long staffId) {
        return Boolean.TRUE.equals(db.sql("""
                select muted_until is not null and muted_until > now() as muted from participant
                where hotel = :h and conversation_id = :c and staff_id = :s""")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> row.get("muted", Boolean.class))
                .one()
                .block());
    }

    /** {@code muted_until} as ISO text ({@code infinity} for good), or null. */
    private String mutedUntil(long conversationId, long staffId) {
        return db.sql("""
                select case when isfinite(muted_until)
                            then to_char(muted_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                            else muted_until::text end as until
                from participant where hotel = :h and conversation_id = :c and staff_id = :s""")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .bind("s", staffId)
                .map(row -> java.util.Optional.ofNullable(row.get("until", String.class)))
                .one()
                .block()
                .orElse(null);
    }

    /** Everything archive and mute could change in the conversation, as text to compare. */
    private String state(long conversationId) {
        return db.sql("""
                select c.archived_at, c.archived_by, c.last_seq,
                       (select string_agg(p.staff_id || ':' || coalesce(p.archived_at::text, '-') || ':'
                                          || coalesce(p.muted_until::text, '-'), ',' order by p.staff_id)
                        from participant p where p.conversation_id = c.id) as participants
                from conversation c where c.hotel = :h and c.id = :c""")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .map(row -> row.get("archived_at", Object.class) + "|" + row.get("archived_by", Long.class) + "|"
                        + row.get("last_seq", Long.class) + "|" + row.get("participants", String.class))
                .one()
                .block();
    }

    private long lastSeq(long conversationId) {
        return db.sql("select last_seq from conversation where hotel = :h and id = :c")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .map(row -> row.get("last_seq", Long.class))
                .one()
                .block();
    }

    private long messageCount(long conversationId) {
        return db.sql("select count(*) as n from message where hotel = :h and conversation_id = :c")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** Outbox rows of this hotel, of one type (or of any type when null). */
    private long outboxCount(String type) {
        return db.sql("select count(*) as n from outbox where tenant = :h and (cast(:t as text) is null"
                        + " or event_type = cast(:t as text))")
                .bind("h", callers.hotel())
                .bind("t", com.staffchat.message.Nullable.of(type, String.class))
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** The events of one type of this hotel, in order, keyed by their conversation. */
    private <T extends ConversationEvent> List<T> events(
            KafkaConsumer<String, byte[]> consumer, Class<T> type, int count) {
        List<T> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                EventEnvelope<?> event = codec.decode(record.value());
                if (event.tenant().equals(callers.hotel()) && type.isInstance(event.data())) {
                    T data = type.cast(event.data());
                    assertThat(record.key()).isEqualTo(Long.toString(data.conversationId()));
                    found.add(data);
                }
            }
        }
        return found;
    }

    private static void archivedProblem(ResponseSpec response) {
        problem(response, 409).jsonPath("$.type").isEqualTo(ARCHIVED_TYPE);
    }

    private static WebTestClient.BodyContentSpec problem(ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.type")
                .exists();
    }

    private static long id(Map<String, Object> body) {
        return ((Number) body.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ResponseSpec spec) {
        return spec.expectBody(Map.class).returnResult().getResponseBody();
    }
}

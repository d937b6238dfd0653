package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.EventCodec;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Mentions against the local PostgreSQL and an embedded Kafka broker: handles in the directory,
 * {@code @handle}, {@code @all} and {@code @department} on send, stored and carried in every view and
 * the event, and {@code GET /api/v1/mentions} for each of the six callers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MentionsIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("mention_it");

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

    final EventCodec codec = new EventCodec();

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    ChatApi api;
    Callers callers;

    @BeforeEach
    void callers() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.createRemovedInDatabase(api, db);
    }

    @Test
    void aHandleMentionsAnActiveParticipantOnlyAndTheMentionIsInTheAnswerTheListAndTheEvent() throws Exception {
        long conversation = callers.conversationId();
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<?, ?> sent = api.send(
                            callers.sender(),
                            conversation,
                            "@Staff.2, see bob@example.com and x@y; @staff.3 @staff.4 @staff.9 @nobody @staff.1",
                            null)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            long messageId = ((Number) sent.get("id")).longValue();
            // 3 is deactivated, 4 and 9 take no part, 1 is the sender, nobody is no one
            assertThat(ChatApi.longs(sent.get("mentions"))).containsExactly(Callers.PARTICIPANT);
            assertThat(api.sendMentioning(callers.sender(), conversation, "no mention here @ all"))
                    .isEmpty();

            Map<String, Object> listed = api.list(callers.participant(), conversation, "").stream()
                    .filter(m -> ((Number) m.get("id")).longValue() == messageId)
                    .findFirst()
                    .orElseThrow();
            assertThat(ChatApi.longs(listed.get("mentions"))).containsExactly(Callers.PARTICIPANT);

            List<MessageSent> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.size() < 2 && System.nanoTime() < deadline) {
                KafkaTestSupport.poll(consumer, 1, Duration.ofSeconds(1)).stream()
                        .filter(r -> r.key().equals(Long.toString(conversation)))
                        .map(ConsumerRecord::value)
                        .map(codec::decode)
                        .filter(e -> e.data() instanceof MessageSent)
                        .map(e -> (MessageSent) e.data())
                        .forEach(events::add);
            }
            assertThat(events).hasSize(2);
            assertThat(events.get(0).id()).isEqualTo(messageId);
            assertThat(events.get(0).mentions()).containsExactly(Callers.PARTICIPANT);
            assertThat(events.get(1).mentions()).isEmpty();
        }
        assertThat(mentionRows(callers.hotel())).isEqualTo(1);
    }

    @Test
    void allMentionsEveryOtherActiveParticipantOfAGroupAndNobodyInADirectConversation() {
        long group = api.createGroup(callers.sender(), "Night shift", Callers.PARTICIPANT, Callers.NON_PARTICIPANT);
        assertThat(api.sendMentioning(callers.sender(), group, "@all the lift is out"))
                .containsExactly(Callers.PARTICIPANT, Callers.NON_PARTICIPANT);
        assertThat(api.sendMentioning(callers.participant(), group, "@ALL, thanks"))
                .containsExactly(Callers.SENDER, Callers.NON_PARTICIPANT);
        // the deactivated third of the callers' group is not mentioned
        assertThat(api.sendMentioning(callers.sender(), callers.conversationId(), "@all"))
                .containsExactly(Callers.PARTICIPANT);

        Map<?, ?> direct = api.createDirect(callers.sender(), Callers.PARTICIPANT)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long directId = ((Number) direct.get("id")).longValue();
        assertThat(api.sendMentioning(callers.sender(), directId, "@all")).isEmpty();
        assertThat(api.sendMentioning(callers.sender(), directId, "@staff.2")).containsExactly(Callers.PARTICIPANT);
    }

    @Test
    void aDepartmentMentionsItsActiveParticipantsAndTheDirectoryShowsHandlesAndDepartments() {
        api.upsertStaff(
                        callers.manager(),
                        List.of(
                                person(Callers.PARTICIPANT, "Staff 2", null, "Housekeeping"),
                                person(Callers.NON_PARTICIPANT, "Staff 4", null, "Housekeeping"),
                                person(Callers.MANAGER, "Staff 9", null, "Housekeeping"),
                                person(6, "Agatha", null, "Front Desk")))
                .expectStatus()
                .isOk();
        Map<Long, Map<String, Object>> directory = api.staffById(callers.sender());
        assertThat(directory.get(2L))
                .containsEntry("handle", "staff.2")
                .containsEntry("department", "Housekeeping")
                .containsEntry("departmentHandle", "housekeeping");
        assertThat(directory.get(6L)).containsEntry("handle", "agatha").containsEntry("departmentHandle", "front-desk");
        assertThat(directory.get(1L)).containsEntry("handle", "staff.1").containsEntry("departmentHandle", null);

        long group = api.createGroup(callers.sender(), "Rooms", Callers.PARTICIPANT, Callers.NON_PARTICIPANT, 6);
        // 9 is housekeeping but takes no part
        assertThat(api.sendMentioning(callers.sender(), group, "@Housekeeping: room 12 please"))
                .containsExactly(Callers.PARTICIPANT, Callers.NON_PARTICIPANT);
        assertThat(api.sendMentioning(callers.sender(), group, "@front-desk.")).containsExactly(6L);
        long both = ((Number) api.send(callers.sender(), group, "@staff.2 and @housekeeping", null)
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id"))
                .longValue();

        // the most direct form counts: 2 by handle, 4 by department
        assertThat(firstMention(callers.participant())).containsEntry("kind", "handle");
        assertThat(firstMention(callers.participant()).get("messageId")).isEqualTo(both);
        assertThat(firstMention(TestTokens.staff(Callers.NON_PARTICIPANT, callers.hotel(), "staff")))
                .containsEntry("kind", "department");
        assertThat(api.mentionPage(callers.manager(), "").get("mentions"))
                .asList()
                .isEmpty();
    }

    @Test
    void handlesAreUniqueInTheHotelWhateverTheirCaseAndABadOrTakenOneWritesNothing() {
        String manager = callers.manager();
        assertThat(api.staffById(manager).get(2L)).containsEntry("handle", "staff.2");
        api.upsertStaff(manager, List.of(person(2, "Zero Moustafa", "Zero", null)))
                .expectStatus()
                .isOk();
        assertThat(api.staffById(manager).get(2L)).containsEntry("handle", "zero");

        Map<Long, Map<String, Object>> before = api.staffById(manager);
        problem(api.upsertStaff(manager, List.of(person(4, "Renamed", "ZERO", null))), 409, "conflict")
                .jsonPath("$.detail")
                .isEqualTo("handle 'zero' is taken by staff 2");
        problem(
                api.upsertStaff(manager, List.of(person(4, "Renamed", "x", null), person(10, "New", null, null))),
                400,
                "invalid-request");
        for (String bad : List.of("all", "Everyone", "has space", "-zero", "zero.", "a@b", "é", "a".repeat(33))) {
            problem(api.upsertStaff(manager, List.of(person(4, "Renamed", bad, null))), 400, "invalid-request");
        }
        problem(api.upsertStaff(manager, List.of(person(4, "Renamed", "a".repeat(65), null))), 400, "invalid-request");
        problem(api.upsertStaff(manager, List.of(person(4, "Renamed", "ze\u0000ro", null))), 400, "invalid-request");
        problem(
                api.upsertStaff(
                        manager, List.of(person(4, "Renamed", "carl", null), person(9, "Staff 9", "Carl", null))),
                400,
                "invalid-request");
        api.upsertStaff(manager, List.of(person(9, "Staff 9", null, "Housekeeping")))
                .expectStatus()
                .isOk();
        problem(api.upsertStaff(manager, List.of(person(4, "Renamed", "housekeeping", null))), 400, "invalid-request")
                .jsonPath("$.detail")
                .isEqualTo("handle of staff 4: 'housekeeping' is a department's handle");
        Map<Long, Map<String, Object>> after = api.staffById(manager);
        after.get(9L).remove("department");
        after.get(9L).remove("departmentHandle");
        before.get(9L).remove("department");
        before.get(9L).remove("departmentHandle");
        assertThat(after).isEqualTo(before);

        // another hotel has handles of its own
        api.upsertStaff(
                        TestTokens.manager(Callers.MANAGER, "other-of-" + callers.hotel()),
                        List.of(person(2, "Zero", "zero", null)))
                .expectStatus()
                .isOk();
        // two people swap handles in one change; a new person's derived handle is numbered when taken
        api.upsertStaff(
                        manager,
                        List.of(person(2, "Zero Moustafa", "staff.4", null), person(4, "Staff 4", "zero", null)))
                .expectStatus()
                .isOk();
        api.upsertStaff(manager, List.of(person(10, "Zero", null, null)))
                .expectStatus()
                .isOk();
        Map<Long, Map<String, Object>> swapped = api.staffById(manager);
        assertThat(swapped.get(2L)).containsEntry("handle", "staff.4");
        assertThat(swapped.get(4L)).containsEntry("handle", "zero");
        assertThat(swapped.get(10L)).containsEntry("handle", "zero2");
        // a person updated without a handle keeps theirs
        api.upsertStaff(manager, List.of(person(4, "Someone Else", null, null)))
                .expectStatus()
                .isOk();
        assertThat(api.staffById(manager).get(4L)).containsEntry("handle", "zero");
    }

    @Test
    void aHandleTakenByAConcurrentChangeIsA409AndNothingOfTheLoserIsWritten() throws Exception {
        String hotel = callers.hotel();
        try (var other = TestDatabase.connect()) {
            // another writer holds 'race' uncommitted, checked at once, so ours waits for it at its commit
            other.setAutoCommit(false);
            other.createStatement().execute("set constraints " + SCHEMA + ".staff_handle immediate");
            try (var insert = other.prepareStatement("insert into " + SCHEMA
                    + ".staff (hotel, id, display_name, handle) values (?, 50, 'Racer', 'race')")) {
                insert.setString(1, hotel);
                insert.executeUpdate();
            }
            long otherPid;
            try (var rs = other.createStatement().executeQuery("select pg_backend_pid()")) {
                rs.next();
                otherPid = rs.getLong(1);
            }
            var upsert = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> api.upsertStaff(callers.manager(), List.of(person(51, "Runner", "race", null))));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> blockedBy(otherPid));
            other.commit();
            problem(upsert.get(20, java.util.concurrent.TimeUnit.SECONDS), 409, "conflict");
        }
        Map<Long, Map<String, Object>> directory = api.staffById(callers.manager());
        assertThat(directory.get(50L)).containsEntry("handle", "race");
        assertThat(directory).doesNotContainKey(51L);
    }

    /** Whether some session waits for a lock the session {@code pid} holds (our upsert, at its commit). */
    private static boolean blockedBy(long pid) throws SQLException {
        try (var db = TestDatabase.connect();
                var st = db.createStatement();
                var rs = st.executeQuery(
                        "select count(*) from pg_stat_activity" + " where cardinality(pg_blocking_pids(pid)) > 0 and "
                                + pid + " = any(pg_blocking_pids(pid))")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Test
    void myMentionsComeNewestFirstPagedByTheBeforeCursor() {
        long conversation = callers.conversationId();
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Map<?, ?> sent = api.send(callers.sender(), conversation, "@staff.2 task " + i, null)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            ids.add(((Number) sent.get("id")).longValue());
            api.send(callers.sender(), conversation, "no mention " + i, null)
                    .expectStatus()
                    .isCreated();
        }
        String me = callers.participant();
        Map<String, Object> first = api.mentionPage(me, "?limit=2");
        assertThat(first.get("hasMore")).isEqualTo(true);
        assertThat(api.mentionedMessageIds(me, "?limit=2")).containsExactly(ids.get(4), ids.get(3));
        assertThat(((List<?>) first.get("mentions")).get(0))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("conversationId", conversation)
                .containsEntry("seq", 9)
                .containsEntry("senderId", 1)
                .containsEntry("kind", "handle")
                .containsEntry("preview", "@staff.2 task 5")
                .containsKey("createdAt");
        assertThat(api.mentionedMessageIds(me, "?limit=2&before=" + ids.get(3)))
                .containsExactly(ids.get(2), ids.get(1));
        Map<String, Object> last = api.mentionPage(me, "?limit=2&before=" + ids.get(1));
        assertThat(last.get("hasMore")).isEqualTo(false);
        assertThat(api.mentionedMessageIds(me, "?limit=2&before=" + ids.get(1))).containsExactly(ids.get(0));
        // a huge limit within range is clamped; the default page holds them all
        assertThat(api.mentionedMessageIds(me, "?limit=100000")).hasSize(5);
        assertThat(api.mentionedMessageIds(me, "")).hasSize(5);

        for (String bad : List.of(
                "?before=abc",
                "?before=0",
                "?before=-1",
                "?limit=0",
                "?limit=-3",
                "?limit=99999999999",
                "?limit=ten",
                "?before=1.5")) {
            api.mentions(me, bad)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void myMentionsAsEachOfTheSixCallers() throws Exception {
        long conversation = callers.conversationId();
        assertThat(api.sendMentioning(callers.sender(), conversation, "@all")).containsExactly(Callers.PARTICIPANT);
        assertThat(api.sendMentioning(callers.participant(), conversation, "@staff.1 done"))
                .containsExactly(Callers.SENDER);
        long rows = mentionRows(callers.hotel());

        Map<String, Integer> expected = new HashMap<>(Map.of(
                "sender", 1, "participant", 1, "non-participant", 0, "manager", 0, "other-hotel", 0, "removed", 0));
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("deactivated")) {
                api.mentions(caller.getValue(), "")
                        .expectStatus()
                        .isForbidden()
                        .expectBody()
                        .jsonPath("$.type")
                        .isEqualTo("https://staffchat.dev/problems/deactivated");
                continue;
            }
            assertThat(api.mentionedMessageIds(caller.getValue(), ""))
                    .as(caller.getKey())
                    .hasSize(expected.get(caller.getKey()));
        }
        api.mentions(null, "").expectStatus().isUnauthorized();
        assertThat(mentionRows(callers.hotel())).isEqualTo(rows);

        // mentions are not given afterwards to someone deactivated at the time
        api.setActive(callers.manager(), Callers.DEACTIVATED, true);
        assertThat(api.mentionedMessageIds(callers.deactivated(), "")).isEmpty();
    }

    @Test
    void mentionsOfAConversationINoLongerTakePartInOrOfADeletedMessageAreNotListed() throws Exception {
        long conversation = callers.conversationId();
        Map<?, ?> kept = api.send(callers.sender(), conversation, "@staff.2 one", null)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> deleted = api.send(callers.sender(), conversation, "@staff.2 two", null)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long deletedId = ((Number) deleted.get("id")).longValue();
        assertThat(api.mentionedMessageIds(callers.participant(), "")).hasSize(2);

        sql("update " + SCHEMA + ".message set deleted_at = now() where id = " + deletedId);
        assertThat(api.mentionedMessageIds(callers.participant(), ""))
                .containsExactly(((Number) kept.get("id")).longValue());
        Map<String, Object> placeholder = api.list(callers.sender(), conversation, "").stream()
                .filter(m -> ((Number) m.get("id")).longValue() == deletedId)
                .findFirst()
                .orElseThrow();
        assertThat(ChatApi.longs(placeholder.get("mentions"))).isEmpty();

        sql("delete from " + SCHEMA + ".participant where conversation_id = " + conversation + " and staff_id = 2");
        assertThat(api.mentionedMessageIds(callers.participant(), "")).isEmpty();
    }

    @Test
    void anEditReplacesTheMentionsWithThoseOfItsNewTextAndASoftDeleteErasesThem() throws Exception {
        long group = api.createGroup(callers.sender(), "Edits", Callers.PARTICIPANT, Callers.NON_PARTICIPANT);
        Map<?, ?> sent = api.send(callers.sender(), group, "@staff.2 please", null)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long id = ((Number) sent.get("id")).longValue();
        String nonParticipant = TestTokens.staff(Callers.NON_PARTICIPANT, callers.hotel(), "staff");

        // another hotel's staff 1 cannot edit it, and its mentions stay
        api.edit(callers.otherHotel(), id, "@staff.4").expectStatus().isNotFound();
        assertThat(api.mentionedMessageIds(callers.participant(), "")).containsExactly(id);

        Map<?, ?> edited = api.edit(callers.sender(), id, "@staff.4 please, not @staff.9")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(ChatApi.longs(edited.get("mentions"))).containsExactly(Callers.NON_PARTICIPANT);
        assertThat(ChatApi.longs(api.list(callers.sender(), group, "").get(0).get("mentions")))
                .containsExactly(Callers.NON_PARTICIPANT);
        assertThat(api.mentionedMessageIds(callers.participant(), "")).isEmpty();
        assertThat(api.mentionedMessageIds(nonParticipant, "")).containsExactly(id);

        api.deleteMessage(callers.sender(), id, null).expectStatus().isNoContent();
        assertThat(api.mentionedMessageIds(nonParticipant, "")).isEmpty();
        assertThat(mentionRows(callers.hotel())).as("erased, not only hidden").isZero();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> firstMention(String token) {
        return (Map<String, Object>) ((List<?>) api.mentionPage(token, "").get("mentions")).get(0);
    }

    @Test
    void aRetriedSendWithTheSameClientIdAnswersTheFirstMessageWithItsMentions() {
        long conversation = callers.conversationId();
        Map<?, ?> first = api.send(callers.sender(), conversation, "@staff.2 first", "retry-mention")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> again = api.send(callers.sender(), conversation, "@all second", "retry-mention")
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(ChatApi.longs(again.get("mentions"))).containsExactly(Callers.PARTICIPANT);
        assertThat(api.mentionedMessageIds(callers.participant(), ""))
                .containsExactly(((Number) first.get("id")).longValue());
    }

    @Test
    void theOpenApiDocumentDescribesMyMentionsAndTheHandle() {
        api.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/mentions'].get.summary")
                .isEqualTo("My recent mentions")
                .jsonPath("$.paths['/api/v1/mentions'].get.responses['400']")
                .exists()
                .jsonPath("$.paths['/api/v1/admin/staff'].put.responses['409']")
                .exists();
    }

    private static Map<String, Object> person(long id, String name, String handle, String department) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("displayName", name);
        if (handle != null) {
            p.put("handle", handle);
        }
        if (department != null) {
            p.put("department", department);
        }
        return p;
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String type) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + type);
    }

    private static long mentionRows(String hotel) throws SQLException {
        try (var db = TestDatabase.connect();
                var st = db.prepareStatement("select count(*) from " + SCHEMA + ".mention where hotel = ?")) {
            st.setString(1, hotel);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sql(String statement) throws SQLException {
        try (var db = TestDatabase.connect();
                var st = db.createStatement()) {
            st.execute(statement);
        }
    }
}

package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Catch-up sync ({@code GET /api/v1/sync}) against the local PostgreSQL and an embedded Kafka broker: a client that
 * applies the pages it gets holds exactly what the other endpoints answer now, whatever order transactions commit
 * in, across pages that never split a transaction; removed people learn of it and get nothing after; each of the six
 * {@link Callers} sees only their own; bad cursors are 400 problems, expired ones 410.
 *
 * <p>Removals and joins are written as the frame of issue 17 defines them (delete the participant row and insert a
 * participant_departure row; insert a participant row with visible_from_seq and last_read_seq) until the membership
 * endpoints exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class SyncIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("sync_it");

    static final String DELETED = "[Message deleted]";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    ChatApi api;
    Callers callers;

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build());
        callers = Callers.createRemovedInDatabase(api, db);
    }

    @Test
    void aClientThatWasOfflineCatchesUpToExactlyTheCurrentStateInFewPages() {
        long c = callers.conversationId();
        long leaving = api.createGroup(callers.sender(), "Old shift", Callers.PARTICIPANT);
        long before = api.sendId(callers.sender(), c, "before the cursor");
        Replica phone = new Replica();
        phone.apply(api.syncOk(callers.participant(), null, null));
        assertThat(phone.conversations).isEmpty();
        assertThat(phone.messages).isEmpty();

        // while the phone is offline
        long m1 = api.sendId(callers.sender(), c, "Room 12 needs towels");
        long m2 = api.sendId(callers.sender(), c, "wrong room");
        long m3 = api.sendId(callers.sender(), c, "secret code 1234");
        long m4 = api.sendId(callers.participant(), c, "On my way"); // from the person's other device
        api.edit(callers.sender(), m1, "Room 14 needs towels").expectStatus().isOk();
        api.deleteMessage(callers.sender(), m2, null).expectStatus().isNoContent();
        api.deleteMessage(callers.manager(), m3, "hard").expectStatus().isNoContent();
        api.react(callers.sender(), m4, "👍").expectStatus().is2xxSuccessful();
        api.react(callers.participant(), m4, "👍").expectStatus().is2xxSuccessful();
        api.edit(callers.sender(), before, "before the cursor, edited")
                .expectStatus()
                .isOk();
        api.markRead(callers.sender(), c, 5).expectStatus().isOk();
        long kitchen = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        long k1 = api.sendId(callers.sender(), kitchen, "Lunch at 12");
        // a group that hides its history: the person joins after two messages and sees only what follows
        long night = api.createGroup(callers.sender(), "Night shift", Callers.NON_PARTICIPANT);
        api.sendId(callers.sender(), night, "hidden 1");
        api.sendId(callers.sender(), night, "hidden 2");
        hideHistory(night);
        join(night, Callers.PARTICIPANT);
        long n3 = api.sendId(callers.sender(), night, "welcome");
        // a group the person is removed from: nothing of it comes, not even what was sent before the removal
        api.sendId(callers.sender(), leaving, "before the removal");
        remove(leaving, Callers.PARTICIPANT, Callers.SENDER);
        api.sendId(callers.sender(), leaving, "after the removal");

        int pages = phone.catchUp(callers.participant(), null);

        assertThat(pages).isLessThanOrEqualTo(2);
        assertThat(phone.removed).containsExactly(leaving);
        assertThat(phone.conversations.keySet()).containsExactlyInAnyOrder(c, kitchen, night);
        for (long id : List.of(c, kitchen, night)) {
            assertThat(phone.conversations.get(id)).isEqualTo(api.conversationOk(callers.participant(), id));
        }
        // every message that changed, exactly as the listing answers it now (deleted as placeholders)
        List<Map<String, Object>> listed = api.list(callers.participant(), c, "?after=0&limit=200");
        assertThat(phone.messagesOf(c)).isEqualTo(listed);
        assertThat(phone.messagesOf(c))
                .extracting(m -> m.get("id"), m -> m.get("body"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(before, "before the cursor, edited"),
                        org.assertj.core.groups.Tuple.tuple(m1, "Room 14 needs towels"),
                        org.assertj.core.groups.Tuple.tuple(m2, DELETED),
                        org.assertj.core.groups.Tuple.tuple(m3, DELETED),
                        org.assertj.core.groups.Tuple.tuple(m4, "On my way"));
        assertThat((List<?>) phone.messages.get(m4).get("reactions"))
                .singleElement()
                .isEqualTo(Map.of("emoji", "👍", "count", 2, "staffIds", List.of(1, 2), "reactedByMe", true));
        assertThat(phone.messagesOf(kitchen)).isEqualTo(api.list(callers.participant(), kitchen, "?after=0"));
        assertThat(phone.messagesOf(kitchen)).extracting(m -> m.get("id")).containsExactly(k1);
        assertThat(phone.messagesOf(night)).extracting(m -> m.get("id")).containsExactly(n3);
        assertThat(phone.messagesOf(leaving)).isEmpty();
        // read positions (receipts): the sender read up to 5, the person's own send moved theirs to 5
        assertThat(phone.participants.get(List.of(c, Callers.SENDER)))
                .containsEntry("lastReadSeq", 5)
                .containsEntry("role", "ADMIN");
        assertThat(phone.participants.get(List.of(c, Callers.PARTICIPANT))).containsEntry("lastReadSeq", 5);
        assertThat(phone.participants.keySet()).noneMatch(key -> key.get(0) == leaving);

        // nothing changed since: an empty page
        Map<String, Object> again = api.syncOk(callers.participant(), phone.cursor, null);
        assertThat(again).containsEntry("hasMore", false);
        for (String part :
                List.of("conversations", "removedConversationIds", "participants", "departures", "messages")) {
            assertThat((List<?>) again.get(part)).as(part).isEmpty();
        }
    }

    @Test
    void aRowOfATransactionThatCommitsAfterALaterOneComesInTheNextSync() throws Exception {
        long c = callers.conversationId();
        long early = api.sendId(callers.sender(), c, "early");
        Replica phone = new Replica();
        phone.apply(api.syncOk(callers.participant(), null, null));
        try (Connection late = TestDatabase.connect()) {
            late.setAutoCommit(false);
            late.createStatement().execute("set search_path to " + SCHEMA);
            // this transaction takes its id (its stamp) first ...
            late.createStatement().execute("update message set body = 'written late' where id = " + early);
            // ... and a later one commits before it
            long after = api.sendId(callers.sender(), c, "committed first");
            Map<String, Object> page = api.syncOk(callers.participant(), phone.cursor, null);
            phone.apply(page);
            assertThat(phone.messages).doesNotContainKey(early);
            late.commit();
            phone.catchUp(callers.participant(), null);
            assertThat(phone.messages.get(early)).containsEntry("body", "written late");
            assertThat(phone.messages.get(after)).containsEntry("body", "committed first");
            assertThat(phone.messagesOf(c)).isEqualTo(api.list(callers.participant(), c, "?after=0"));
        }
    }

    @Test
    void pagesOfManyChangesHaveNoGapsAndNoDuplicates() {
        long c = callers.conversationId();
        long kitchen = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        Replica phone = new Replica();
        phone.apply(api.syncOk(callers.participant(), null, null));
        Set<Long> sent = new TreeSet<>();
        for (int i = 1; i <= 1200; i++) {
            sent.add(api.sendId(callers.sender(), i % 3 == 0 ? kitchen : c, "message " + i));
        }
        List<Long> received = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = phone.cursor;
        long marker = newestTransaction();
        while (true) {
            Map<String, Object> page = api.syncOk(callers.participant(), cursor, 500);
            List<?> messages = (List<?>) page.get("messages");
            messages.forEach(m -> received.add(((Number) ((Map<?, ?>) m).get("id")).longValue()));
            if (!messages.isEmpty()) {
                sizes.add(messages.size());
            }
            cursor = (String) page.get("cursor");
            if (!Boolean.TRUE.equals(page.get("hasMore")) && stamp(cursor) > marker) {
                break;
            }
        }
        assertThat(received).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(received)).isEqualTo(sent);
        assertThat(sizes).allMatch(size -> size <= 500);
        assertThat(sizes.size()).isBetween(3, 4);
    }

    @Test
    void theRowsOfOneTransactionNeverSplitAcrossPages() throws Exception {
        long c = callers.conversationId();
        Replica phone = new Replica();
        phone.apply(api.syncOk(callers.participant(), null, null));
        Set<Long> singles = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            singles.add(api.sendId(callers.sender(), c, "single " + i));
        }
        // 30 messages in one transaction (an import, say): one stamp
        try (Connection bulk = TestDatabase.connect()) {
            bulk.setAutoCommit(false);
            bulk.createStatement().execute("set search_path to " + SCHEMA);
            bulk.createStatement().execute("""
                    with c as (update conversation set last_seq = last_seq + 30 where id = %d returning last_seq, hotel)
                    insert into message (conversation_id, hotel, seq, sender_id, body)
                    select %d, c.hotel, c.last_seq - 30 + g, 1, 'bulk ' || g from c, generate_series(1, 30) g""".formatted(c, c));
            bulk.commit();
        }
        long marker = newestTransaction();
        List<Integer> sizes = new ArrayList<>();
        Set<Long> received = new HashSet<>();
        String cursor = phone.cursor;
        while (true) {
            Map<String, Object> page = api.syncOk(callers.participant(), cursor, 10);
            List<?> messages = (List<?>) page.get("messages");
            if (!messages.isEmpty()) {
                sizes.add(messages.size());
            }
            messages.forEach(m -> received.add(((Number) ((Map<?, ?>) m).get("id")).longValue()));
            cursor = (String) page.get("cursor");
            if (!Boolean.TRUE.equals(page.get("hasMore")) && stamp(cursor) > marker) {
                break;
            }
        }
        assertThat(sizes).containsExactly(5, 30);
        assertThat(received).hasSize(35).containsAll(singles);
    }

    @Test
    void aRemovedPersonLearnsOfItOnceAndGetsNothingOfTheConversationAfter() {
        long c = callers.conversationId();
        long m1 = api.sendId(callers.sender(), c, "hello");
        Replica phone = new Replica();
        phone.apply(api.syncOk(callers.participant(), null, null));
        Replica other = new Replica();
        other.apply(api.syncOk(callers.sender(), null, null));

        remove(c, Callers.PARTICIPANT, Callers.SENDER);
        api.sendId(callers.sender(), c, "after you left");
        api.edit(callers.sender(), m1, "hello, edited after you left")
                .expectStatus()
                .isOk();
        api.react(callers.sender(), m1, "🎉").expectStatus().is2xxSuccessful();

        phone.catchUp(callers.participant(), null);
        assertThat(phone.removed).containsExactly(c);
        assertThat(phone.conversations).isEmpty();
        assertThat(phone.messages).isEmpty();
        assertThat(phone.participants).isEmpty();
        // once: the next sync says nothing more
        Map<String, Object> next = api.syncOk(callers.participant(), phone.cursor, null);
        assertThat((List<?>) next.get("removedConversationIds")).isEmpty();
        assertThat((List<?>) next.get("messages")).isEmpty();

        // the others see the departure
        other.catchUp(callers.sender(), null);
        assertThat(other.departures).containsExactly(List.of(c, Callers.PARTICIPANT, Callers.SENDER));
        assertThat(other.participants.keySet()).doesNotContain(List.of(c, Callers.PARTICIPANT));
        assertThat(other.removed).isEmpty();
    }

    @Test
    void eachOfTheSixCallersSyncsOnlyTheirOwnConversations() {
        long c = callers.conversationId();
        Map<String, String> all = callers.all();
        Map<String, Replica> replicas = new LinkedHashMap<>();
        // everyone who may sync (the deactivated person is refused below)
        for (String name : List.of("sender", "participant", "non-participant", "manager", "other-hotel")) {
            Replica replica = new Replica();
            replica.apply(api.syncOk(all.get(name), null, null));
            replicas.put(name, replica);
        }
        long front = api.sendId(callers.sender(), c, "front desk");
        long managers = api.createGroup(callers.manager(), "Managers", Callers.NON_PARTICIPANT);
        long managersMessage = api.sendId(callers.manager(), managers, "managers only");
        String otherParticipant = TestTokens.staff(Callers.PARTICIPANT, hotelOf(callers.otherHotel()), "staff");
        long elsewhere = api.createGroup(callers.otherHotel(), "Other hotel", Callers.PARTICIPANT);
        long elsewhereMessage = api.sendId(otherParticipant, elsewhere, "other hotel");

        Map<String, Set<Long>> expected = Map.of(
                "sender", Set.of(front),
                "participant", Set.of(front),
                "non-participant", Set.of(managersMessage),
                "manager", Set.of(managersMessage),
                "other-hotel", Set.of(elsewhereMessage));
        Map<String, Set<Long>> expectedConversations = Map.of(
                "sender", Set.of(c),
                "participant", Set.of(c),
                "non-participant", Set.of(managers),
                "manager", Set.of(managers),
                "other-hotel", Set.of(elsewhere));
        for (var entry : replicas.entrySet()) {
            Replica replica = entry.getValue();
            replica.catchUp(all.get(entry.getKey()), null);
            assertThat(replica.messages.keySet()).as(entry.getKey()).isEqualTo(expected.get(entry.getKey()));
            assertThat(replica.conversations.keySet())
                    .as(entry.getKey())
                    .isEqualTo(expectedConversations.get(entry.getKey()));
        }
        api.sync(callers.deactivated(), null, null)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .value(t -> assertThat((String) t).endsWith("/deactivated"));
        api.sync(callers.deactivated(), replicas.get("sender").cursor, null)
                .expectStatus()
                .isForbidden();
        api.client().get().uri("/api/v1/sync").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aBadCursorIsA400AndAnExpiredOneA410() {
        String valid = (String) api.syncOk(callers.participant(), null, null).get("cursor");
        long stamp = stamp(valid);
        long now = Instant.now().getEpochSecond();
        for (String bad : List.of(
                "",
                "garbage",
                "!!!!",
                encode("s1.abc." + now),
                encode("s2." + stamp + "." + now),
                encode("s1." + stamp),
                encode("s1.-5." + now),
                encode("s1.0." + now),
                encode("s1.0" + stamp + "." + now),
                encode("s1." + stamp + "." + now + ".1"),
                encode("s1.99999999999999999999." + now),
                encode("s1." + Long.MAX_VALUE + "." + now), // never issued: beyond every transaction so far
                encode("s1." + stamp + "." + (now + 86_400)), // issued tomorrow
                "x".repeat(100))) {
            problem(api.sync(callers.participant(), bad, null), HttpStatus.BAD_REQUEST, "invalid-request");
        }
        problem(api.sync(callers.participant(), valid, 0), HttpStatus.BAD_REQUEST, "invalid-request");
        problem(api.sync(callers.participant(), valid, -1), HttpStatus.BAD_REQUEST, "invalid-request");
        api.client()
                .get()
                .uri("/api/v1/sync?limit=many")
                .headers(h -> h.setBearerAuth(callers.participant()))
                .exchange()
                .expectStatus()
                .isBadRequest();
        // issued 31 days ago: the client loads its state afresh instead
        problem(
                api.sync(callers.participant(), encode("s1." + stamp + "." + (now - 31 * 86_400)), null),
                HttpStatus.GONE,
                "sync-cursor-expired");
        // a limit above the maximum is clamped, as listings do
        api.sync(callers.participant(), valid, 1_000_000).expectStatus().isOk();
    }

    @Test
    void theOpenApiDocumentDescribesSyncWithItsProblems() {
        api.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/sync'].get.summary")
                .isEqualTo("Catch up: everything that changed for me since my cursor")
                .jsonPath(
                        "$.paths['/api/v1/sync'].get.responses['200'].content['application/json'].examples.example.value.cursor")
                .exists()
                .jsonPath("$.paths['/api/v1/sync'].get.responses['400']")
                .exists()
                .jsonPath(
                        "$.paths['/api/v1/sync'].get.responses['410'].content['application/problem+json'].examples['sync-cursor-expired'].value.type")
                .isEqualTo("https://staffchat.dev/problems/sync-cursor-expired");
    }

    // --- helpers ---

    /** What a client holds: every page applied in order, as docs/api.md "Catching up" says to. */
    final class Replica {
        final Map<Long, Map<String, Object>> conversations = new TreeMap<>();
        final Map<Long, Map<String, Object>> messages = new TreeMap<>();
        final Map<List<Long>, Map<String, Object>> participants = new LinkedHashMap<>();
        final Set<List<Long>> departures = new java.util.LinkedHashSet<>();
        final Set<Long> removed = new TreeSet<>();
        String cursor;

        @SuppressWarnings("unchecked")
        int apply(Map<String, Object> page) {
            for (Object id : (List<?>) page.get("removedConversationIds")) {
                long gone = ((Number) id).longValue();
                removed.add(gone);
                conversations.remove(gone);
                messages.values().removeIf(m -> n(m, "conversationId") == gone);
                participants.keySet().removeIf(key -> key.get(0) == gone);
            }
            for (Object d : (List<?>) page.get("departures")) {
                Map<String, Object> departure = (Map<String, Object>) d;
                departures.add(
                        List.of(n(departure, "conversationId"), n(departure, "staffId"), n(departure, "removedBy")));
                participants.remove(List.of(n(departure, "conversationId"), n(departure, "staffId")));
            }
            for (Object p : (List<?>) page.get("participants")) {
                Map<String, Object> participant = (Map<String, Object>) p;
                participants.put(List.of(n(participant, "conversationId"), n(participant, "staffId")), participant);
            }
            for (Object c : (List<?>) page.get("conversations")) {
                Map<String, Object> conversation = (Map<String, Object>) c;
                removed.remove(n(conversation, "id"));
                conversations.put(n(conversation, "id"), conversation);
            }
            for (Object m : (List<?>) page.get("messages")) {
                Map<String, Object> message = (Map<String, Object>) m;
                messages.put(n(message, "id"), message);
            }
            cursor = (String) page.get("cursor");
            int changes = 0;
            for (String part :
                    List.of("conversations", "removedConversationIds", "participants", "departures", "messages")) {
                changes += ((List<?>) page.get(part)).size();
            }
            return changes;
        }

        /**
         * Syncs until the cursor has passed every transaction committed so far (another session's open transaction
         * holds the horizon back meanwhile, so this polls within a bound); the number of pages that carried changes.
         */
        int catchUp(String token, Integer limit) {
            long marker = newestTransaction();
            int[] pages = {0};
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Map<String, Object> page = api.syncOk(token, cursor, limit);
                        if (apply(page) > 0) {
                            pages[0]++;
                        }
                        return !Boolean.TRUE.equals(page.get("hasMore")) && stamp(cursor) > marker;
                    });
            return pages[0];
        }

        List<Map<String, Object>> messagesOf(long conversationId) {
            return messages.values().stream()
                    .filter(m -> n(m, "conversationId") == conversationId)
                    .sorted(java.util.Comparator.comparingLong(m -> n(m, "seq")))
                    .toList();
        }
    }

    /** A transaction id newer than every transaction committed before this call. */
    long newestTransaction() {
        return Long.parseLong(db.sql("select pg_current_xact_id()::text as x")
                .map(row -> row.get("x", String.class))
                .one()
                .block());
    }

    /** Removal as the frame defines it: the participant row goes, a departure row records it. */
    void remove(long conversationId, long staffId, long removedBy) {
        db.sql("""
                with gone as (delete from participant where conversation_id = :c and staff_id = :s returning hotel)
                insert into participant_departure (conversation_id, hotel, staff_id, removed_by)
                select :c, hotel, :s, :by from gone""")
                .bind("c", conversationId)
                .bind("s", staffId)
                .bind("by", removedBy)
                .then()
                .block();
    }

    /** Joining as the frame defines it: nothing unread at join, history from join on when the group hides it. */
    void join(long conversationId, long staffId) {
        db.sql("""
                insert into participant (conversation_id, hotel, staff_id, role, last_read_seq, visible_from_seq)
                select id, hotel, :s, 'MEMBER', last_seq, case when history_visible then 0 else last_seq end
                from conversation where id = :c""").bind("c", conversationId).bind("s", staffId).then().block();
    }

    void hideHistory(long conversationId) {
        db.sql("update conversation set history_visible = false where id = :c")
                .bind("c", conversationId)
                .then()
                .block();
    }

    /** The stamp an (opaque) cursor stands for: the test knows its format, clients need not. */
    static long stamp(String cursor) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        return Long.parseLong(text.split("\\.")[1]);
    }

    static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static String hotelOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"hotel\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    static long n(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
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
}

package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * My conversations (issue 17, the list) against the local PostgreSQL and an embedded Kafka broker:
 * the order by last activity and a cursor that stays right while new messages reorder the list, the
 * last-message preview (cut at 100 code points, a placeholder when deleted, absent before the caller's
 * visible history), unread and mention counts from real sends and reads, mute and archive state, the
 * filters, a direct conversation's other person, the six {@link Callers} and a removed participant,
 * bad input, and that a page of 200 is one SQL statement.
 *
 * <p>Mute, archive, late joining and removal have no API on this branch yet (issue 17's other parts):
 * the tests set those columns with the SQL the frame of the issue defines for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ConversationListIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("conversation_list_it");

    /** The SQL of every statement the service runs, while a test listens. */
    static final List<String> STATEMENTS = Collections.synchronizedList(new ArrayList<>());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
    }

    /** Wraps the service's connection factory so each statement it executes is recorded. */
    @TestConfiguration
    static class StatementCounting {

        @Bean
        static BeanPostProcessor countStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof ConnectionFactory factory) {
                        return ProxyConnectionFactory.builder(factory)
                                .onBeforeQuery(execution -> execution.getQueries().stream()
                                        .map(QueryInfo::getQuery)
                                        .forEach(STATEMENTS::add))
                                .build();
                    }
                    return bean;
                }
            };
        }
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
    void newestActivityFirstEachWithItsPreviewCountsAndRole() {
        long frontDesk = callers.conversationId();
        long kitchen = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        long night = api.createGroup(callers.participant(), "Night shift", Callers.SENDER);
        api.sendOk(callers.sender(), frontDesk, "Towels for 12");
        api.sendOk(callers.sender(), kitchen, "Lunch is ready");
        Map<String, Object> reply = api.sendOk(callers.participant(), frontDesk, "On my way");

        List<Map<String, Object>> mine = api.conversationEntries(callers.sender(), "");
        assertThat(ids(mine)).containsExactly(frontDesk, kitchen, night);

        Map<String, Object> first = mine.get(0);
        assertThat(first)
                .containsEntry("kind", "GROUP")
                .containsEntry("title", "Front desk")
                .containsEntry("role", "ADMIN")
                .containsEntry("lastSeq", 2)
                .containsEntry("lastReadSeq", 1)
                .containsEntry("unreadCount", 1)
                .containsEntry("mentionCount", 0)
                .containsEntry("participantCount", 3)
                .containsEntry("muted", false)
                .containsEntry("archived", false)
                .containsEntry("archivedForAll", false)
                .containsEntry("historyVisible", true)
                .containsEntry("otherParticipant", null)
                .containsEntry("participants", null);
        assertThat(first.get("activityAt")).isEqualTo(first.get("lastMessageAt"));
        assertThat(map(first.get("lastMessage")))
                .containsEntry("id", reply.get("id"))
                .containsEntry("seq", 2)
                .containsEntry("senderId", 2)
                .containsEntry("senderDisplayName", "Staff " + Callers.PARTICIPANT)
                .containsEntry("preview", "On my way")
                .containsEntry("kind", "USER")
                .containsEntry("createdAt", reply.get("createdAt"))
                .containsEntry("deleted", false);

        // no message yet: ordered by its creation, without a preview
        Map<String, Object> empty = mine.get(2);
        assertThat(empty).containsEntry("role", "MEMBER").containsEntry("lastMessage", null);
        assertThat(empty.get("activityAt")).isEqualTo(empty.get("createdAt"));

        // the participant's own state: their reply moved their read position past the sender's message
        Map<String, Object> theirs =
                api.conversationEntries(callers.participant(), "").get(0);
        assertThat(theirs)
                .containsEntry("id", first.get("id"))
                .containsEntry("unreadCount", 0)
                .containsEntry("role", "MEMBER")
                .containsEntry("lastReadSeq", 2);

        // one conversation: the same entry, with its participants
        Map<String, Object> one = api.conversationOk(callers.sender(), frontDesk);
        Map<String, Object> withoutParticipants = new java.util.HashMap<>(one);
        withoutParticipants.put("participants", null);
        assertThat(withoutParticipants).isEqualTo(first);
        assertThat(((List<?>) one.get("participants")).stream().map(p -> n(map(p), "staffId")))
                .containsExactly(Callers.SENDER, Callers.PARTICIPANT, Callers.DEACTIVATED);
    }

    @Test
    void pagesStayRightWhileNewMessagesReorderTheList() {
        long frontDesk = callers.conversationId();
        List<Long> groups = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            long g = api.createGroup(callers.sender(), "Group " + i, Callers.PARTICIPANT);
            api.sendOk(callers.participant(), g, "hello " + i);
            groups.add(g);
        }
        // newest first: group 7 .. group 1, then the front desk (no message, created first)
        Map<String, Object> page1 = api.conversationPage(callers.sender(), "?limit=3");
        assertThat(ids(entries(page1))).containsExactly(groups.get(6), groups.get(5), groups.get(4));
        assertThat(page1).containsEntry("hasMore", true);

        // after page 1 was served, group 6 (served) and group 2 (not yet) get new messages: both move to the top
        api.sendOk(callers.participant(), groups.get(5), "again 6");
        api.sendOk(callers.participant(), groups.get(1), "again 2");

        Map<String, Object> page2 =
                api.conversationPage(callers.sender(), "?limit=3&cursor=" + page1.get("nextCursor"));
        assertThat(ids(entries(page2))).containsExactly(groups.get(3), groups.get(2), groups.get(0));
        assertThat(page2).containsEntry("hasMore", true);
        Map<String, Object> page3 =
                api.conversationPage(callers.sender(), "?limit=3&cursor=" + page2.get("nextCursor"));
        assertThat(ids(entries(page3))).containsExactly(frontDesk);
        assertThat(page3).containsEntry("hasMore", false).containsEntry("nextCursor", null);

        // every conversation without new activity came exactly once; the moved ones never twice
        List<Long> served = new ArrayList<>();
        for (Map<String, Object> page : List.of(page1, page2, page3)) {
            served.addAll(ids(entries(page)));
        }
        assertThat(new HashSet<>(served)).hasSameSizeAs(served);
        assertThat(served)
                .contains(frontDesk, groups.get(0), groups.get(2), groups.get(3), groups.get(4), groups.get(6));
        // a fresh first page shows the moved ones on top, newest first
        assertThat(api.conversationIds(callers.sender(), "?limit=3"))
                .containsExactly(groups.get(1), groups.get(5), groups.get(6));

        // the whole list in pages of one is the list in one page
        List<Long> byOne = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page =
                    api.conversationPage(callers.sender(), "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            byOne.addAll(ids(entries(page)));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertThat(byOne).isEqualTo(api.conversationIds(callers.sender(), "?limit=200"));
        assertThat(byOne).hasSize(8);
    }

    @Test
    void previewIsTheFirst100CodePointsAndNeverHalfAnEmoji() {
        long c = callers.conversationId();
        api.sendOk(callers.sender(), c, "😀".repeat(150));
        assertThat(lastMessage(callers.participant(), c)).containsEntry("preview", "😀".repeat(100));
        api.sendOk(callers.sender(), c, "a".repeat(99) + "😀😀 and more");
        assertThat(lastMessage(callers.participant(), c)).containsEntry("preview", "a".repeat(99) + "😀");
        api.sendOk(callers.sender(), c, "é".repeat(100));
        assertThat(lastMessage(callers.participant(), c)).containsEntry("preview", "é".repeat(100));
    }

    @Test
    void aDeletedLastMessageShowsOnlyThePlaceholder() {
        long c = callers.conversationId();
        long soft = api.sendId(callers.sender(), c, "the safe code is 1234");
        api.deleteMessage(callers.sender(), soft, null).expectStatus().is2xxSuccessful();
        Map<String, Object> softly = lastMessage(callers.participant(), c);
        assertThat(softly)
                .containsEntry("id", soft)
                .containsEntry("seq", 1)
                .containsEntry("senderId", 1)
                .containsEntry("deleted", true)
                .containsEntry(
                        "preview", api.message(callers.participant(), soft).get("body"));
        assertThat(softly.get("preview")).isEqualTo("[Message deleted]");

        long hard = api.sendId(callers.sender(), c, "the other code is 5678");
        api.deleteMessage(callers.manager(), hard, "hard").expectStatus().is2xxSuccessful();
        assertThat(lastMessage(callers.participant(), c))
                .containsEntry("id", hard)
                .containsEntry("seq", 2)
                .containsEntry("deleted", true)
                .containsEntry("preview", "[Message deleted]");
        String body = new String(
                api.conversations(callers.participant(), "")
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBodyContent(),
                StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("1234").doesNotContain("5678");
    }

    @Test
    void unreadAndMentionCountsFollowSendsAndReads() {
        long c = callers.conversationId();
        long other = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        api.sendOk(callers.sender(), c, "@staff.2 towels for 12");
        api.sendOk(callers.sender(), c, "hello");
        api.sendOk(callers.sender(), c, "@all the lift is out");
        api.sendOk(callers.sender(), other, "@staff.1 only");

        assertThat(entry(callers.participant(), c, ""))
                .containsEntry("unreadCount", 3)
                .containsEntry("mentionCount", 2)
                .containsEntry("lastReadSeq", 0);
        assertThat(entry(callers.participant(), other, ""))
                .containsEntry("unreadCount", 1)
                .containsEntry("mentionCount", 0);
        assertThat(entry(callers.sender(), c, ""))
                .containsEntry("unreadCount", 0)
                .containsEntry("mentionCount", 0);

        api.markReadOk(callers.participant(), c, 1);
        assertThat(entry(callers.participant(), c, ""))
                .containsEntry("unreadCount", 2)
                .containsEntry("mentionCount", 1)
                .containsEntry("lastReadSeq", 1);
        api.markReadOk(callers.participant(), c, 3);
        assertThat(entry(callers.participant(), c, ""))
                .containsEntry("unreadCount", 0)
                .containsEntry("mentionCount", 0);
        // unread=true: only the ones with something unread
        assertThat(api.conversationIds(callers.participant(), "?unread=true")).containsExactly(other);

        // a reply is never unread to its sender, and reaches the other side with its mention
        api.sendOk(callers.participant(), c, "@staff.1 done");
        assertThat(entry(callers.participant(), c, "")).containsEntry("unreadCount", 0);
        assertThat(entry(callers.sender(), c, ""))
                .containsEntry("unreadCount", 1)
                .containsEntry("mentionCount", 1);
        assertThat(api.conversationIds(callers.sender(), "?unread=true")).containsExactly(c);
        assertThat(api.conversationIds(callers.participant(), "?unread=false")).containsExactly(c, other);
    }

    @Test
    void muteAndArchiveFlagsAndTheArchivedFilter() {
        long frontDesk = callers.conversationId();
        long kitchen = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        long night = api.createGroup(callers.sender(), "Night", Callers.PARTICIPANT);
        long old = api.createGroup(callers.sender(), "Old", Callers.PARTICIPANT);
        Instant until = Instant.parse("2099-01-01T10:00:00Z");
        setParticipant(frontDesk, Callers.PARTICIPANT, "muted_until = '2099-01-01T10:00:00Z'");
        setParticipant(kitchen, Callers.PARTICIPANT, "muted_until = 'infinity'");
        setParticipant(night, Callers.PARTICIPANT, "muted_until = now() - interval '1 minute'");

        assertThat(entry(callers.participant(), frontDesk, ""))
                .containsEntry("muted", true)
                .containsEntry("mutedUntil", until.toString());
        assertThat(entry(callers.participant(), kitchen, ""))
                .containsEntry("muted", true)
                .containsEntry("mutedUntil", null);
        assertThat(entry(callers.participant(), night, ""))
                .containsEntry("muted", false)
                .containsEntry("mutedUntil", null);
        // muting is the participant's own: the sender's entry is not muted
        assertThat(entry(callers.sender(), kitchen, "")).containsEntry("muted", false);
        // a muted conversation still counts what is unread
        api.sendOk(callers.sender(), kitchen, "@staff.2 still counts");
        assertThat(entry(callers.participant(), kitchen, ""))
                .containsEntry("unreadCount", 1)
                .containsEntry("mentionCount", 1);

        // archived for me: out of my list, in my archive; a new message brings it back
        setParticipant(kitchen, Callers.PARTICIPANT, "archived_at = now()");
        assertThat(api.conversationIds(callers.participant(), "")).doesNotContain(kitchen);
        assertThat(api.conversationIds(callers.sender(), "")).contains(kitchen);
        Map<String, Object> archived = entry(callers.participant(), kitchen, "?archived=true");
        assertThat(archived).containsEntry("archived", true).containsEntry("archivedForAll", false);
        assertThat(archived.get("archivedAt")).isNotNull();
        assertThat(api.conversationIds(callers.participant(), "?archived=true")).containsExactly(kitchen);
        assertThat(api.conversationOk(callers.participant(), kitchen)).containsEntry("archived", true);
        api.sendOk(callers.sender(), kitchen, "back again");
        assertThat(api.conversationIds(callers.participant(), "?archived=true")).isEmpty();
        assertThat(entry(callers.participant(), kitchen, ""))
                .containsEntry("archived", false)
                .containsEntry("archivedAt", null);

        // archived for everyone: out of everyone's list, in everyone's archive, read-only
        db.sql("update conversation set archived_at = now(), archived_by = 1 where hotel = :h and id = :c")
                .bind("h", callers.hotel())
                .bind("c", old)
                .then()
                .block();
        for (String token : List.of(callers.sender(), callers.participant())) {
            assertThat(api.conversationIds(token, "")).doesNotContain(old);
            Map<String, Object> readOnly = entry(token, old, "?archived=true");
            assertThat(readOnly).containsEntry("archivedForAll", true).containsEntry("archived", false);
            assertThat(readOnly.get("archivedForAllAt")).isNotNull();
        }
        assertThat(api.conversationIds(callers.participant(), "?archived=false"))
                .containsExactly(kitchen, night, frontDesk);
    }

    @Test
    void kindFilterAndADirectConversationShowsTheOtherPerson() {
        api.upsertStaff(
                        callers.manager(),
                        List.of(Map.of("id", Callers.NON_PARTICIPANT, "displayName", "Agatha", "handle", "agatha")))
                .expectStatus()
                .isOk();
        db.sql("update staff set avatar_url = 'https://cdn.example/agatha.png' where hotel = :h and id = 4")
                .bind("h", callers.hotel())
                .then()
                .block();
        long direct = ((Number) api.createDirect(callers.sender(), Callers.NON_PARTICIPANT)
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id"))
                .longValue();
        long group = callers.conversationId();

        assertThat(api.conversationIds(callers.sender(), "")).containsExactly(direct, group);
        assertThat(api.conversationIds(callers.sender(), "?kind=direct")).containsExactly(direct);
        assertThat(api.conversationIds(callers.sender(), "?kind=DIRECT")).containsExactly(direct);
        assertThat(api.conversationIds(callers.sender(), "?kind=group")).containsExactly(group);
        assertThat(api.conversationIds(callers.sender(), "?kind=direct&unread=true"))
                .isEmpty();

        Map<String, Object> mine = entry(callers.sender(), direct, "?kind=direct");
        assertThat(mine)
                .containsEntry("kind", "DIRECT")
                .containsEntry("title", null)
                .containsEntry("participantCount", 2)
                .containsEntry("role", "MEMBER");
        assertThat(map(mine.get("otherParticipant")))
                .containsEntry("staffId", 4)
                .containsEntry("displayName", "Agatha")
                .containsEntry("handle", "agatha")
                .containsEntry("avatarUrl", "https://cdn.example/agatha.png")
                .containsEntry("active", true);
        assertThat(map(entry(callers.nonParticipant(), direct, "").get("otherParticipant")))
                .containsEntry("staffId", 1)
                .containsEntry("displayName", "Staff 1")
                .containsEntry("handle", "staff.1")
                .containsEntry("avatarUrl", null);
        assertThat(map(api.conversationOk(callers.sender(), direct).get("otherParticipant")))
                .containsEntry("displayName", "Agatha");

        // the other person deactivated: still shown, marked inactive
        api.setActive(callers.manager(), Callers.NON_PARTICIPANT, false);
        assertThat(map(entry(callers.sender(), direct, "").get("otherParticipant")))
                .containsEntry("active", false);
    }

    @Test
    void aLateJoinerOfAGroupThatHidesHistorySeesNothingFromBefore() {
        long c = callers.conversationId();
        api.sendOk(callers.sender(), c, "@staff.2 before you came");
        api.sendOk(callers.sender(), c, "secret plans");
        // what membership does for a person added to a group that hides its history (frame of issue 17)
        setParticipant(c, Callers.PARTICIPANT, "visible_from_seq = 2, last_read_seq = 2");
        assertThat(entry(callers.participant(), c, ""))
                .containsEntry("lastMessage", null)
                .containsEntry("unreadCount", 0)
                .containsEntry("mentionCount", 0);
        assertThat(api.conversationIds(callers.participant(), "?unread=true")).isEmpty();

        api.sendOk(callers.sender(), c, "@staff.2 welcome");
        Map<String, Object> after = entry(callers.participant(), c, "");
        assertThat(after).containsEntry("unreadCount", 1).containsEntry("mentionCount", 1);
        assertThat(map(after.get("lastMessage"))).containsEntry("preview", "@staff.2 welcome");

        // a read position below the visible start does not count the hidden messages
        setParticipant(c, Callers.PARTICIPANT, "last_read_seq = 0");
        assertThat(entry(callers.participant(), c, ""))
                .containsEntry("unreadCount", 1)
                .containsEntry("mentionCount", 1);
    }

    @Test
    void everyCallerSeesOnlyTheirOwnConversations() {
        long c = callers.conversationId();
        api.sendOk(callers.sender(), c, "Towels for 12");
        for (String member : List.of(callers.sender(), callers.participant())) {
            assertThat(api.conversationIds(member, "")).containsExactly(c);
            assertThat(api.conversationOk(member, c)).containsEntry("id", c);
        }
        problem(api.conversations(callers.deactivated(), ""), 403)
                .jsonPath("$.type")
                .value(t -> assertThat((String) t).endsWith("/deactivated"));
        problem(api.conversation(callers.deactivated(), c), 403);
        for (String outsider : List.of(callers.nonParticipant(), callers.manager(), callers.otherHotel())) {
            assertThat(api.conversationIds(outsider, "")).isEmpty();
            assertThat(api.conversationIds(outsider, "?archived=true")).isEmpty();
            problem(api.conversation(outsider, c), 404);
        }
        problem(api.conversation(callers.sender(), 42), 404);
        api.client()
                .get()
                .uri("/api/v1/conversations")
                .exchange()
                .expectStatus()
                .isUnauthorized();

        // removed (as membership removes: the row goes, a departure row stays): gone from the list, 404
        db.sql("""
                with gone as (delete from participant where hotel = :h and conversation_id = :c and staff_id = 2)
                insert into participant_departure (conversation_id, hotel, staff_id, removed_by)
                values (:c, :h, 2, 1)""").bind("h", callers.hotel()).bind("c", c).then().block();
        assertThat(api.conversationIds(callers.participant(), "")).isEmpty();
        assertThat(api.conversationIds(callers.participant(), "?archived=true")).isEmpty();
        problem(api.conversation(callers.participant(), c), 404);
        assertThat(api.conversationOk(callers.sender(), c)).containsEntry("participantCount", 2);
    }

    @Test
    void badInputIsA400Problem() {
        String token = callers.participant();
        String anyCursor = encode("v1.1700000000000000." + callers.conversationId());
        assertThat(api.conversationIds(token, "?cursor=" + anyCursor)).isEmpty();
        for (String query : List.of(
                "?limit=0",
                "?limit=-1",
                "?limit=201",
                "?limit=1000",
                "?limit=abc",
                "?limit=1.5",
                "?limit=99999999999999999999",
                "?cursor=",
                "?cursor=abc",
                "?cursor=%00",
                "?cursor=" + encode("v1.1.2.3"),
                "?cursor=" + encode("v2.1700000000000000.5"),
                "?cursor=" + encode("v1.-5.5"),
                "?cursor=" + encode("v1.1700000000000000.0"),
                "?cursor=" + encode("v1.99999999999999999999.5"),
                "?cursor=" + encode("v1.9223372036854775807.5"),
                "?cursor=" + encode("v1.x.5"),
                "?cursor=" + "A".repeat(1000),
                "?kind=",
                "?kind=channel",
                "?kind=direct%00",
                "?unread=maybe",
                "?archived=2")) {
            problem(api.conversations(token, query), 400);
        }
        problem(api.conversation(token, "abc"), 400);
        problem(api.conversation(token, "99999999999999999999999"), 400);
        problem(api.conversation(token, -1), 404);
    }

    @Test
    void aPageOf200ConversationsIsOneStatementAndOneConversationTwo() {
        String token = callers.sender();
        for (int i = 0; i < 200; i++) {
            long g = api.createGroup(token, "Group " + i, Callers.PARTICIPANT);
            if (i % 20 == 19) {
                api.sendOk(callers.participant(), g, "@staff.1 number " + i);
            }
        }
        api.createDirect(token, Callers.NON_PARTICIPANT).expectStatus().isCreated();

        STATEMENTS.clear();
        List<Map<String, Object>> page = api.conversationEntries(token, "?limit=200");
        List<String> ran = requestStatements();
        assertThat(page).hasSize(200);
        assertThat(page.stream().filter(e -> e.get("lastMessage") != null)).hasSize(10);
        assertThat(page.stream().filter(e -> e.get("otherParticipant") != null)).hasSize(1);
        assertThat(ran).as("statements of one page: %s", ran).hasSize(1);

        STATEMENTS.clear();
        api.conversationOk(token, callers.conversationId());
        assertThat(requestStatements()).as("statements of one conversation").hasSize(2);
    }

    /** The recorded statements, less the outbox relay's and pruner's and the directory's background work. */
    private static List<String> requestStatements() {
        synchronized (STATEMENTS) {
            return STATEMENTS.stream()
                    .filter(sql -> !sql.contains("outbox") && !sql.contains("advisory") && !sql.contains("not active"))
                    .toList();
        }
    }

    private Map<String, Object> lastMessage(String token, long conversationId) {
        return map(entry(token, conversationId, "").get("lastMessage"));
    }

    /** The entry of one conversation in a page of {@code token}'s list. */
    private Map<String, Object> entry(String token, long conversationId, String query) {
        return api.conversationEntries(token, query).stream()
                .filter(e -> n(e, "id") == conversationId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("conversation " + conversationId + " not in the list" + query));
    }

    private void setParticipant(long conversationId, long staffId, String assignments) {
        db.sql("update participant set " + assignments + " where hotel = :h and conversation_id = :c and staff_id = :s")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .bind("s", staffId)
                .then()
                .block();
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
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

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("conversations");
    }

    private static List<Long> ids(List<Map<String, Object>> entries) {
        return entries.stream().map(e -> n(e, "id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static long n(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }
}

package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/v1/search} (issue 17) against the local PostgreSQL and an embedded Kafka broker: words
 * of several languages found whatever their case and accents, prefixes, ranking, snippets as text with
 * match ranges, every filter, what the caller may see (not before they joined a group that hides its
 * history, not after they left, never another hotel's, never a deleted message, an edited one by its
 * current text), the six {@link Callers}, bad input and cursor pagination.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class SearchIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("search_it");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.search.relevance-window", () -> RELEVANCE_WINDOW);
        registry.add("staffchat.search.statement-timeout", () -> "2s");
    }

    /** Small, so a test can show that relevance ranks the newest matches only. */
    static final int RELEVANCE_WINDOW = 6;

    @LocalServerPort
    int port;

    ChatApi api;
    Callers callers;

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.create(api);
    }

    private long send(String text) {
        return api.sendId(callers.sender(), callers.conversationId(), text);
    }

    private List<Long> found(String q) {
        return api.searchIds(callers.participant(), q, "");
    }

    @Test
    void wordsOfManyLanguagesAreFoundWhateverTheirCaseAndAccentsAndByTheirBeginning() {
        long german = send("Zimmer 12 braucht frische Handtücher");
        long french = send("Le client de la chambre 8 veut un café crème");
        long spanish = send("La habitación 5 necesita toallas");
        long russian = send("Гость из номера 7 просит ёлку");
        long hungarian = send("A szobában nincs törölköző");
        long arabic = send("الغرفة 12 تحتاج مناشف");
        long chinese = send("302房间需要毛巾和牙刷");
        long chineseSpaced = send("毛巾 两条 送到 302");

        assertThat(found("handtucher")).containsExactly(german);
        assertThat(found("HANDTÜCHER")).containsExactly(german);
        assertThat(found("Handt")).as("a prefix").containsExactly(german);
        assertThat(found("cafe creme")).containsExactly(french);
        assertThat(found("Café")).containsExactly(french);
        assertThat(found("habitacion")).containsExactly(spanish);
        assertThat(found("елку")).as("ё is е").containsExactly(russian);
        assertThat(found("НОМЕР")).as("a prefix in Cyrillic").containsExactly(russian);
        assertThat(found("torolkozo szoba")).containsExactly(hungarian);
        assertThat(found("مناشف")).containsExactly(arabic);
        // Chinese has no spaces: a run of Han characters is one word, found by its beginning only
        assertThat(found("302房间")).containsExactly(chinese);
        assertThat(found("毛巾"))
                .as("a word inside a run is not found (the documented limit)")
                .containsExactly(chineseSpaced);
        // numbers are words too, and every word must occur
        assertThat(found("12")).containsExactlyInAnyOrder(german, arabic);
        assertThat(found("12 zimmer")).containsExactly(german);
        assertThat(found("zimmer nowhere")).isEmpty();
    }

    @Test
    void webSearchSyntaxQuotesOrAndExclusion() {
        long towelsPool = send("Fresh towels to the pool please");
        long towelsRoom = send("Towels for room 312");
        long roomThenTowels = send("Room towels 312");
        long spa = send("The spa opens at nine");

        assertThat(found("towels -pool")).containsExactlyInAnyOrder(towelsRoom, roomThenTowels);
        assertThat(found("\"room 312\"")).containsExactly(towelsRoom);
        assertThat(new HashSet<>(found("pool or spa"))).containsExactlyInAnyOrder(towelsPool, spa);
    }

    @Test
    void theNewestComesFirstByDefault() {
        long first = send("towel towel towel");
        long second = send("a towel for room 3");
        long third = send("one more towel, and a long sentence around it so that it ranks lowest of all");
        assertThat(found("towel")).containsExactly(third, second, first);
        assertThat(api.searchIds(callers.participant(), "towel", "&sort=recent"))
                .containsExactly(third, second, first);
    }

    @Test
    void theBestMatchComesFirstThenTheNewest() {
        long both = send("towel and spa for the guest");
        long towelOnly = send("towel for the guest now");
        long spaOnly = send("spa for the guest now");
        long bothTwice = send("towel towel spa spa");

        List<Long> ranked = api.searchIds(callers.participant(), "towel or spa", "&sort=relevance");
        assertThat(ranked).hasSize(4);
        assertThat(ranked.subList(0, 2)).containsExactly(bothTwice, both);
        // equal rank (same words, same length): the newer first
        assertThat(ranked.subList(2, 4)).containsExactly(spaOnly, towelOnly);
    }

    @Test
    void theSnippetIsPlainTextWithTheMatchedRanges() {
        send("Bitte die Handtücher in Zimmer 12");
        Map<String, Object> hit = onlyHit(api.searchOk(callers.participant(), "handtucher zimmer", ""));
        Map<?, ?> snippet = (Map<?, ?>) hit.get("snippet");
        String text = (String) snippet.get("text");
        assertThat(text).isEqualTo("Bitte die Handtücher in Zimmer 12");
        assertThat(matched(snippet)).containsExactly("Handtücher", "Zimmer");
        assertThat(hit.get("senderId")).isEqualTo(1);
        assertThat(hit.get("conversationId")).isEqualTo(callers.conversationId());
        // seq 1 is the system message of the set-up's removal of staff 5
        assertThat(hit.get("seq")).isEqualTo(2);
        assertThat(hit.get("hasAttachments")).isEqualTo(false);
        assertThat(hit).containsKeys("messageId", "createdAt", "editedAt");

        // markup in a message stays text; emoji and other astral characters count as two UTF-16 units
        send("<b>late</b> 😀 checkout <script>alert(1)</script>");
        Map<?, ?> marked = (Map<?, ?>)
                onlyHit(api.searchOk(callers.participant(), "checkout", "")).get("snippet");
        assertThat(marked.get("text")).isEqualTo("<b>late</b> 😀 checkout <script>alert(1)</script>");
        assertThat(matched(marked)).containsExactly("checkout");
        assertThat(ranges(marked)).containsExactly(List.of(15, 23));

        // a message of 280 characters comes whole; a longer one in fragments around the matches
        String whole = "the minibar in 12 ".repeat(15) + "x".repeat(10);
        assertThat(whole).hasSize(280);
        send(whole);
        Map<?, ?> all = (Map<?, ?>)
                onlyHit(api.searchOk(callers.participant(), "minibar 12", "")).get("snippet");
        assertThat(all.get("text")).isEqualTo(whole);
        assertThat(matched(all)).hasSize(30);
        send("lorem ipsum ".repeat(100) + "the minibar is empty " + "dolor sit ".repeat(100));
        Map<?, ?> fragment = (Map<?, ?>) onlyHit(api.searchOk(callers.participant(), "minibar empty", ""))
                .get("snippet");
        assertThat(((String) fragment.get("text")).length()).isLessThan(300);
        assertThat(matched(fragment)).containsExactly("minibar", "empty");
        assertThat((String) fragment.get("text")).contains("the minibar is empty");
    }

    @Test
    void eachFilterNarrowsTheResults() throws Exception {
        long c = callers.conversationId();
        long fromSender = send("laundry pickup at ten");
        long fromParticipant = api.sendId(callers.participant(), c, "laundry is done");
        long other = api.createGroup(callers.sender(), "Laundry", Callers.PARTICIPANT);
        long inOther = api.sendId(callers.sender(), other, "laundry bags are out");
        sql("update " + SCHEMA + ".message set has_attachments = true where id = " + fromParticipant);
        sql("update " + SCHEMA + ".message set created_at = '2026-01-10T10:00:00Z' where id = " + fromSender);
        sql("update " + SCHEMA + ".message set created_at = '2026-02-10T10:00:00Z' where id = " + fromParticipant);
        sql("update " + SCHEMA + ".message set created_at = '2026-03-10T10:00:00Z' where id = " + inOther);
        String me = callers.participant();

        assertThat(api.searchIds(me, "laundry", "")).containsExactlyInAnyOrder(fromSender, fromParticipant, inOther);
        assertThat(api.searchIds(me, "laundry", "&conversationId=" + c))
                .containsExactlyInAnyOrder(fromSender, fromParticipant);
        assertThat(api.searchIds(me, "laundry", "&senderId=2")).containsExactly(fromParticipant);
        assertThat(api.searchIds(me, "laundry", "&senderId=1&conversationId=" + other))
                .containsExactly(inOther);
        assertThat(api.searchIds(me, "laundry", "&hasAttachment=true")).containsExactly(fromParticipant);
        assertThat(api.searchIds(me, "laundry", "&hasAttachment=false")).containsExactlyInAnyOrder(fromSender, inOther);
        assertThat(api.searchIds(me, "laundry", "&from=2026-02-10T10:00:00Z"))
                .as("from is inclusive")
                .containsExactlyInAnyOrder(fromParticipant, inOther);
        assertThat(api.searchIds(me, "laundry", "&to=2026-02-10T10:00:00Z"))
                .as("to is exclusive")
                .containsExactly(fromSender);
        assertThat(api.searchIds(me, "laundry", "&from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z"))
                .containsExactly(fromParticipant);
        assertThat(api.searchIds(me, "laundry", "&from=2026-02-10T11:00:00%2B01:00&to=2026-02-10T10:00:01Z"))
                .as("an offset is an instant too")
                .containsExactly(fromParticipant);
        // a conversation I am not in filters to nothing, and says nothing about it
        long notMine = api.createGroup(callers.nonParticipant(), "Elsewhere", Callers.SENDER);
        api.sendId(callers.nonParticipant(), notMine, "laundry elsewhere");
        assertThat(api.searchIds(me, "laundry", "&conversationId=" + notMine)).isEmpty();
    }

    @Test
    void notBeforeIJoinedAGroupThatHidesItsHistoryAndNothingAfterILeft() throws Exception {
        long c = callers.conversationId();
        long before = send("inventory count before");
        long after = send("inventory count after");
        // the participant joined after the first message of a group that hides its history (seq 1 is the system
        // message of the set-up's removal of staff 5, seq 2 the first message)
        sql("update " + SCHEMA + ".participant set visible_from_seq = 2 where conversation_id = " + c
                + " and staff_id = 2");
        assertThat(found("inventory")).containsExactly(after);
        assertThat(api.searchIds(callers.sender(), "inventory", "")).containsExactlyInAnyOrder(before, after);

        // removed (as membership removal does it): nothing of the conversation any more, old or new
        try (var db = TestDatabase.connect()) {
            db.setAutoCommit(false);
            try (var st = db.createStatement()) {
                st.execute("delete from " + SCHEMA + ".participant where conversation_id = " + c + " and staff_id = 2");
                st.execute("insert into " + SCHEMA + ".participant_departure"
                        + " (conversation_id, hotel, staff_id, removed_by) values (" + c + ", '" + callers.hotel()
                        + "', 2, 1)");
            }
            db.commit();
        }
        send("inventory count later");
        assertThat(found("inventory")).isEmpty();
        assertThat(api.searchIds(callers.participant(), "inventory", "&conversationId=" + c))
                .isEmpty();
        assertThat(api.searchIds(callers.sender(), "inventory", "")).hasSize(3);
    }

    @Test
    void anEditedMessageIsFoundByItsNewWordsOnlyAndADeletedOneNever() {
        long edited = send("the boiler is broken");
        api.edit(callers.sender(), edited, "the heater is fixed").expectStatus().isOk();
        assertThat(found("boiler")).isEmpty();
        assertThat(found("broken")).isEmpty();
        assertThat(found("heater fixed")).containsExactly(edited);
        Map<?, ?> hit = onlyHit(api.searchOk(callers.participant(), "heater", ""));
        assertThat(hit.get("editedAt")).isNotNull();

        long soft = send("confidential guest list");
        long hard = send("confidential vip list");
        assertThat(found("confidential")).containsExactlyInAnyOrder(soft, hard);
        api.deleteMessage(callers.sender(), soft, "soft").expectStatus().isNoContent();
        api.deleteMessage(callers.manager(), hard, "hard").expectStatus().isNoContent();
        assertThat(found("confidential")).isEmpty();
        assertThat(found("list")).isEmpty();
        assertThat(api.searchIds(callers.sender(), "confidential", "")).isEmpty();
    }

    @Test
    void anotherHotelsMessagesAreNeverFound() {
        long ours = send("shuttle leaves at noon");
        // the other hotel's staff 1 and 2 (same ids as ours) talk about the same thing
        String otherSender = callers.otherHotel();
        long theirs = api.createGroup(otherSender, "Shuttle", Callers.PARTICIPANT);
        long theirMessage = api.sendId(otherSender, theirs, "shuttle leaves at one");

        assertThat(api.searchIds(callers.sender(), "shuttle", "")).containsExactly(ours);
        assertThat(api.searchIds(callers.participant(), "shuttle", "&conversationId=" + theirs))
                .isEmpty();
        assertThat(api.searchIds(otherSender, "shuttle", "")).containsExactly(theirMessage);
    }

    @Test
    void searchAsEachOfTheSixCallers() {
        long hit = send("broken window in the lobby");
        Map<String, List<Long>> expected = Map.of(
                "sender", List.of(hit),
                "participant", List.of(hit),
                "non-participant", List.of(),
                "removed", List.of(),
                "manager", List.of(),
                "other-hotel", List.of());
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("deactivated")) {
                api.search(caller.getValue(), "q=window")
                        .expectStatus()
                        .isForbidden()
                        .expectBody()
                        .jsonPath("$.type")
                        .isEqualTo("https://staffchat.dev/problems/deactivated");
                continue;
            }
            assertThat(api.searchIds(caller.getValue(), "window", ""))
                    .as(caller.getKey())
                    .isEqualTo(expected.get(caller.getKey()));
        }
        api.search(null, "q=window").expectStatus().isUnauthorized();
    }

    @Test
    void badInputIsA400Problem() {
        long c = callers.conversationId();
        send("room service menu");
        send("menu of the day");
        String me = callers.participant();
        String next =
                (String) api.searchOk(me, "menu or room or service", "&limit=1").get("nextCursor");
        assertThat(next).isNotNull();
        List<String> bad = new ArrayList<>(List.of(
                "q=" + "a".repeat(5_000),
                "q=" + "é".repeat(501),
                "q=" + enc("- \"\" !!! ??? ... :* & | ( )"),
                "q=-menu",
                "q=" + enc("menu or -room"),
                "q=%00",
                "q=menu%00",
                "q=",
                "q=%20%20",
                "",
                "q=menu&cursor=abc",
                "q=menu&cursor=" + "A".repeat(40),
                "q=menu&cursor=%00",
                "q=menu&cursor=" + next,
                "q=room&cursor=" + next + "&hasAttachment=true",
                "q=menu&from=yesterday",
                "q=menu&to=2026-13-01T00:00:00Z",
                "q=menu&from=2026-02-01",
                "q=menu&from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z",
                "q=menu&limit=0",
                "q=menu&limit=101",
                "q=menu&limit=ten",
                "q=menu&conversationId=abc",
                "q=menu&conversationId=0",
                "q=menu&senderId=-1",
                "q=menu&hasAttachment=maybe",
                "q=menu&sort=best",
                "q=menu&sort=",
                "q=" + enc("menu or room or service") + "&sort=relevance&cursor=" + next));
        for (String query : bad) {
            api.search(me, query)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        // a URL refused before anything reads the request ends its connection: a reused one stopped serving (a later
        // request on it never answered)
        api.search(me, "q=menu%00").expectStatus().isBadRequest().expectHeader().valueEquals("Connection", "close");
        api.search(me, "q=" + enc("!!! -"))
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("q: nothing to search for (only operators, punctuation or excluded words)");
        // 500 characters are fine, and a word the menu has
        assertThat(api.searchIds(me, "menu " + "x".repeat(495), "")).isEmpty();
        assertThat(api.searchIds(me, "menu", "&limit=100&conversationId=" + c)).hasSize(2);
    }

    @Test
    void cursorPagesGoThroughEveryHitOnceInTheOrderOfOnePage() {
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(send("checklist item " + i + " checklist".repeat(i % 3)));
        }
        send("nothing to see here");
        String me = callers.participant();
        List<Long> whole = api.searchIds(me, "checklist", "&limit=100");
        assertThat(whole).containsExactlyInAnyOrderElementsOf(sent);

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page =
                    api.searchOk(me, "checklist", "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            List<?> results = (List<?>) page.get("results");
            results.forEach(r -> paged.add(((Number) ((Map<?, ?>) r).get("messageId")).longValue()));
            cursor = (String) page.get("nextCursor");
            pages++;
            assertThat(results).hasSize(cursor == null ? 1 : 3);
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(whole);
    }

    @Test
    void relevanceRanksTheNewestMatchesOnlyAndPagesThroughThemOnce() {
        // the two oldest match best (the word three times in a short message), but are older than the window
        long oldBest = send("laundry laundry laundry");
        long oldSecond = send("laundry laundry");
        List<Long> newer = new ArrayList<>();
        for (int i = 0; i < RELEVANCE_WINDOW; i++) {
            newer.add(send("laundry pick-up number " + i + " for the second floor" + " please".repeat(i)));
        }
        String me = callers.participant();
        List<Long> ranked = api.searchIds(me, "laundry", "&sort=relevance&limit=100");
        assertThat(ranked)
                .as("only the newest %d matches are ranked", RELEVANCE_WINDOW)
                .containsExactlyInAnyOrderElementsOf(newer)
                .doesNotContain(oldBest, oldSecond);
        // shorter messages rank higher: the newest (longest) ranks last
        assertThat(ranked.get(0)).isEqualTo(newer.get(0));
        assertThat(ranked.get(ranked.size() - 1)).isEqualTo(newer.get(newer.size() - 1));
        // newest first reaches all of them
        assertThat(found("laundry")).hasSize(RELEVANCE_WINDOW + 2).endsWith(oldSecond, oldBest);

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = api.searchOk(
                    me, "laundry", "&sort=relevance&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            ((List<?>) page.get("results"))
                    .forEach(r -> paged.add(((Number) ((Map<?, ?>) r).get("messageId")).longValue()));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null && paged.size() < 100);
        assertThat(paged).isEqualTo(ranked);
    }

    @Test
    void aSearchPastItsStatementTimeoutIsA503ProblemAndTheDatabaseIsFreeAgain() throws Exception {
        send("minibar restock");
        String me = callers.participant();
        // another session holds the message table: the search waits for it until its statement timeout (2 s here)
        try (var db = TestDatabase.connect()) {
            db.setAutoCommit(false);
            try (var st = db.createStatement()) {
                st.execute("lock table " + SCHEMA + ".message in access exclusive mode");
            }
            api.search(me, "q=minibar")
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals("Retry-After", "1")
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            db.rollback();
        }
        assertThat(found("minibar")).hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyHit(Map<String, Object> page) {
        List<?> results = (List<?>) page.get("results");
        assertThat(results).hasSize(1);
        assertThat(page.get("nextCursor")).isNull();
        return (Map<String, Object>) results.get(0);
    }

    private static List<List<Integer>> ranges(Map<?, ?> snippet) {
        return ((List<?>) snippet.get("highlights"))
                .stream()
                        .map(r -> List.of(
                                ((Number) ((Map<?, ?>) r).get("start")).intValue(),
                                ((Number) ((Map<?, ?>) r).get("end")).intValue()))
                        .toList();
    }

    private static List<String> matched(Map<?, ?> snippet) {
        String text = (String) snippet.get("text");
        return ranges(snippet).stream()
                .map(r -> text.substring(r.get(0), r.get(1)))
                .toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sql(String statement) throws SQLException {
        try (var db = TestDatabase.connect();
                var st = db.createStatement()) {
            st.execute(statement);
        }
    }
}

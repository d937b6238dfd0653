package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageKind;
import com.staffchat.events.MessageSent;
import com.staffchat.events.ParticipantRoleChanged;
import com.staffchat.events.ParticipantsAdded;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.SystemNote;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
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
 * Group management (issue 17): adding, removing, leaving, roles and admin promotion, with their
 * system messages and events, against the local PostgreSQL and an embedded broker. Every endpoint
 * is tried as the seven {@link Callers} (the removed one included) and with bad input, checking
 * that a refused request changed nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ParticipantsIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("participants_it");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    final EventCodec codec = new EventCodec();
    ChatApi api;
    Callers callers;
    long c;

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.create(api);
        c = callers.conversationId();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFixturesRemovalIsTheGroupsFirstMessageAndARecordedDeparture() {
        List<Map<String, Object>> messages = api.list(callers.sender(), c, "");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0))
                .containsEntry("seq", 1)
                .containsEntry("kind", "SYSTEM")
                .containsEntry("senderId", 1)
                .containsEntry("body", "Staff 1 removed Staff 5.");
        assertThat((Map<String, Object>) messages.get(0).get("system"))
                .containsEntry("action", "PARTICIPANTS_REMOVED")
                .containsEntry("actorId", 1)
                .containsEntry("staffIds", List.of(5));
        assertThat(scalar("select count(*) from participant_departure where hotel = '" + callers.hotel()
                        + "' and conversation_id = " + c + " and staff_id = 5 and removed_by = 1"))
                .isEqualTo(1L);
        assertThat(participantIds(callers.sender())).containsExactly(1L, 2L, 3L);
        ParticipantsRemoved removed = (ParticipantsRemoved) events().stream()
                .filter(e -> e instanceof ParticipantsRemoved)
                .findFirst()
                .orElseThrow();
        assertThat(removed.staffIds()).containsExactly(5L);
        assertThat(removed.removedBy()).isEqualTo(1L);
        // the history explains itself: nobody rewrites a system message, not even whoever caused it
        long system = ((Number) messages.get(0).get("id")).longValue();
        problem(api.edit(callers.sender(), system, "Nothing happened"), HttpStatus.CONFLICT, "conflict");
        assertThat(api.list(callers.sender(), c, "").get(0)).isEqualTo(messages.get(0));
    }

    @Test
    void onlyAnAdminAddsEveryoneElseChangesNothing() {
        long outbox = outboxRows();
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("sender")) {
                continue;
            }
            ResponseSpec response = api.addParticipants(caller.getValue(), c, List.of(Callers.NON_PARTICIPANT));
            expectRefused(caller.getKey(), response);
        }
        assertThat(participantIds(callers.sender())).containsExactly(1L, 2L, 3L);
        assertThat(outboxRows()).isEqualTo(outbox);

        Map<String, Object> view = ok(api.addParticipants(callers.sender(), c, List.of(Callers.NON_PARTICIPANT)));
        assertThat(ids(view)).containsExactly(1L, 2L, 3L, 4L);
        List<Map<String, Object>> messages = api.list(callers.sender(), c, "");
        assertThat(messages.get(0))
                .containsEntry("seq", 2)
                .containsEntry("kind", "SYSTEM")
                .containsEntry("body", "Staff 1 added Staff 4.");
        // the new member sees the conversation, nothing unread, and (history visible) its earlier messages
        String newcomer = TestTokens.staff(Callers.NON_PARTICIPANT, callers.hotel(), "staff");
        api.conversation(newcomer, c).expectStatus().isOk();
        assertThat(api.listSeqs(newcomer, c, "")).containsExactly(2L, 1L);
        assertThat(((Number) api.unreadOk(newcomer).get("totalUnreadCount")).longValue())
                .isZero();

        List<EventPayload> events = eventsAfter(outbox);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(ParticipantsAdded.class);
        assertThat(((ParticipantsAdded) events.get(0)).staffIds()).containsExactly(4L);
        MessageSent system = (MessageSent) events.get(1);
        assertThat(system.kind()).isEqualTo(MessageKind.SYSTEM);
        assertThat(system.seq()).isEqualTo(2);
        assertThat(system.system())
                .isEqualTo(new SystemNote(SystemNote.Action.PARTICIPANTS_ADDED, 1L, List.of(4L), null, null));

        // adding people already in: 200, nothing written
        long after = outboxRows();
        ok(api.addParticipants(callers.sender(), c, List.of(Callers.PARTICIPANT, Callers.NON_PARTICIPANT)));
        assertThat(outboxRows()).isEqualTo(after);
        assertThat(api.listSeqs(callers.sender(), c, "")).containsExactly(2L, 1L);
    }

    @Test
    void badParticipantListsAre400AndChangeNothing() {
        // 42 is staff of another hotel only
        api.seedStaff(TestTokens.manager(Callers.MANAGER, "elsewhere-" + callers.hotel()), 42);
        long outbox = outboxRows();
        List<Long> tenThousand = LongStream.rangeClosed(1, 10_000).boxed().toList();
        badRequest("10,000 ids", api.addParticipants(callers.sender(), c, tenThousand), null);
        badRequest(
                "101 ids",
                api.addParticipants(
                        callers.sender(),
                        c,
                        LongStream.rangeClosed(1, 101).boxed().toList()),
                null);
        badRequest("no ids", api.addParticipants(callers.sender(), c, List.of()), null);
        badRequest("unknown id", api.addParticipants(callers.sender(), c, List.of(4L, 77L)), "77");
        badRequest("another hotel's id", api.addParticipants(callers.sender(), c, List.of(42L)), "42");
        badRequest("a deactivated person", api.addParticipants(callers.sender(), c, List.of(Callers.DEACTIVATED)), "3");
        badRequest("negative id", api.addParticipants(callers.sender(), c, List.of(-1L)), null);
        badRequest("null ids", api.addParticipantsWith(callers.sender(), c, "{\"staffIds\":null}"), null);
        badRequest("not a number", api.addParticipantsWith(callers.sender(), c, "{\"staffIds\":[\"x\"]}"), null);
        badRequest("not json", api.addParticipantsWith(callers.sender(), c, "{\"staffIds\":"), null);
        badRequest("bad role", api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "OWNER"), null);
        badRequest("no role", api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "{}"), null);
        badRequest("NUL role", api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "ADMIN\u0000"), null);
        assertThat(outboxRows()).isEqualTo(outbox);
        assertThat(participantIds(callers.sender())).containsExactly(1L, 2L, 3L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void removingIsForAdminsLeavingForAnyoneAndTheRemovedLoseAccessAtOnce() {
        long outbox = outboxRows();
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("sender")) {
                continue;
            }
            // the participant's own id would be leaving: everyone tries to remove the deactivated member
            expectRefused(caller.getKey(), api.removeParticipant(caller.getValue(), c, Callers.DEACTIVATED));
        }
        // the removed person cannot leave again either: they are no participant
        problem(api.removeParticipant(callers.removed(), c, Callers.REMOVED), HttpStatus.NOT_FOUND, "not-found");
        // removing someone who is not in it: 404, nothing written
        problem(api.removeParticipant(callers.sender(), c, Callers.NON_PARTICIPANT), HttpStatus.NOT_FOUND, "not-found");
        assertThat(outboxRows()).isEqualTo(outbox);
        assertThat(participantIds(callers.sender())).containsExactly(1L, 2L, 3L);

        long before = api.sendId(callers.sender(), c, "Before you leave");
        api.removeParticipant(callers.participant(), c, Callers.PARTICIPANT)
                .expectStatus()
                .isNoContent();
        long after = api.sendId(callers.sender(), c, "After you left");
        // gone at once, everywhere: the conversation (and so its channel's auth), its messages, sending
        problem(api.conversation(callers.participant(), c), HttpStatus.NOT_FOUND, "not-found");
        problem(api.listing(callers.participant(), c, ""), HttpStatus.NOT_FOUND, "not-found");
        problem(api.getMessage(callers.participant(), before), HttpStatus.NOT_FOUND, "not-found");
        problem(api.getMessage(callers.participant(), after), HttpStatus.NOT_FOUND, "not-found");
        problem(api.receipts(callers.participant(), after), HttpStatus.NOT_FOUND, "not-found");
        problem(api.send(callers.participant(), c, "still here?", null), HttpStatus.NOT_FOUND, "not-found");
        problem(api.react(callers.participant(), after, "👍"), HttpStatus.NOT_FOUND, "not-found");
        problem(api.markRead(callers.participant(), c, 3), HttpStatus.NOT_FOUND, "not-found");
        assertThat(api.list(callers.sender(), c, ""))
                .extracting(m -> m.get("body"))
                .containsExactly("After you left", "Staff 2 left.", "Before you leave", "Staff 1 removed Staff 5.");
        Map<String, Object> left = api.list(callers.sender(), c, "?limit=3").get(1);
        assertThat((Map<String, Object>) left.get("system"))
                .containsEntry("action", "PARTICIPANT_LEFT")
                .containsEntry("actorId", 2);
        assertThat(participantIds(callers.sender())).containsExactly(1L, 3L);
        // the unread count of the one who left no longer counts the conversation
        assertThat(((Number) api.unreadOk(callers.participant()).get("totalUnreadCount")).longValue())
                .isZero();

        // rejoining is a new membership
        ok(api.addParticipants(callers.sender(), c, List.of(Callers.PARTICIPANT)));
        api.conversation(callers.participant(), c).expectStatus().isOk();
    }

    @Test
    void theLastAdminLeavingPromotesTheLongestStandingMemberForEveryoneToSee() {
        long outbox = outboxRows();
        api.removeParticipant(callers.sender(), c, Callers.SENDER)
                .expectStatus()
                .isNoContent();
        // 2 and 3 joined with the group; the smaller id is the longest-standing
        Map<String, Object> view = ok(api.conversation(callers.participant(), c));
        assertThat(roles(view)).containsExactly(Map.entry(2L, "ADMIN"), Map.entry(3L, "MEMBER"));
        List<Map<String, Object>> messages = api.list(callers.participant(), c, "?limit=2");
        assertThat(messages)
                .extracting(m -> m.get("seq"), m -> m.get("kind"), m -> m.get("body"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                3, "SYSTEM", "Staff 2 is now an admin: the group had no admin left."),
                        org.assertj.core.groups.Tuple.tuple(2, "SYSTEM", "Staff 1 left."));
        List<EventPayload> events = eventsAfter(outbox);
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ParticipantsRemoved", "MessageSent", "ParticipantRoleChanged", "MessageSent");
        assertThat((ParticipantRoleChanged) events.get(2))
                .returns(2L, ParticipantRoleChanged::staffId)
                .returns("ADMIN", ParticipantRoleChanged::role)
                .returns(true, ParticipantRoleChanged::automatic)
                .returns(1L, ParticipantRoleChanged::changedBy);
        // the new admin can now manage the group
        ok(api.addParticipants(callers.participant(), c, List.of(Callers.NON_PARTICIPANT)));
    }

    @Test
    void rolesChangeByAdminsAndDemotingTheLastAdminPromotesAnother() {
        long outbox = outboxRows();
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("sender")) {
                continue;
            }
            expectRefused(caller.getKey(), api.changeRole(caller.getValue(), c, Callers.PARTICIPANT, "ADMIN"));
        }
        problem(
                api.changeRole(callers.sender(), c, Callers.NON_PARTICIPANT, "ADMIN"),
                HttpStatus.NOT_FOUND,
                "not-found");
        assertThat(outboxRows()).isEqualTo(outbox);

        Map<String, Object> view = ok(api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "ADMIN"));
        assertThat(roles(view)).containsEntry(2L, "ADMIN").containsEntry(1L, "ADMIN");
        assertThat(api.list(callers.sender(), c, "?limit=1").get(0))
                .containsEntry("body", "Staff 1 made Staff 2 an admin.");
        // the same role again: 200, nothing written
        long now = outboxRows();
        ok(api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "ADMIN"));
        assertThat(outboxRows()).isEqualTo(now);

        // two admins: one steps down, no promotion
        ok(api.changeRole(callers.participant(), c, Callers.PARTICIPANT, "MEMBER"));
        assertThat(api.list(callers.sender(), c, "?limit=1").get(0))
                .containsEntry("body", "Staff 2 is no longer an admin.");
        // the only admin steps down: the longest-standing other member is promoted
        Map<String, Object> demoted = ok(api.changeRole(callers.sender(), c, Callers.SENDER, "MEMBER"));
        assertThat(roles(demoted)).containsEntry(1L, "MEMBER").containsEntry(2L, "ADMIN");
        assertThat(api.list(callers.sender(), c, "?limit=2"))
                .extracting(m -> m.get("body"))
                .containsExactly(
                        "Staff 2 is now an admin: the group had no admin left.", "Staff 1 is no longer an admin.");
        problem(api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "MEMBER"), HttpStatus.FORBIDDEN, "forbidden");
    }

    @Test
    void directConversationsHaveNoParticipantChanges() {
        Map<?, ?> direct = api.createDirect(callers.sender(), Callers.PARTICIPANT)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long d = ((Number) direct.get("id")).longValue();
        long outbox = outboxRows();
        problem(
                api.addParticipants(callers.sender(), d, List.of(Callers.NON_PARTICIPANT)),
                HttpStatus.CONFLICT,
                "conflict");
        problem(api.removeParticipant(callers.sender(), d, Callers.PARTICIPANT), HttpStatus.CONFLICT, "conflict");
        problem(api.removeParticipant(callers.participant(), d, Callers.PARTICIPANT), HttpStatus.CONFLICT, "conflict");
        problem(api.changeRole(callers.sender(), d, Callers.PARTICIPANT, "ADMIN"), HttpStatus.CONFLICT, "conflict");
        problem(api.updateConversation(callers.sender(), d, Map.of("title", "Us")), HttpStatus.CONFLICT, "conflict");
        // an outsider still learns nothing
        problem(
                api.addParticipants(callers.nonParticipant(), d, List.of(Callers.NON_PARTICIPANT)),
                HttpStatus.NOT_FOUND,
                "not-found");
        assertThat(outboxRows()).isEqualTo(outbox);
    }

    @Test
    void aGroupArchivedForEveryoneIsReadOnlyForParticipantChanges() {
        db.sql("update conversation set archived_at = now(), archived_by = 1 where id = :c")
                .bind("c", c)
                .then()
                .block();
        long outbox = outboxRows();
        problem(
                api.addParticipants(callers.sender(), c, List.of(Callers.NON_PARTICIPANT)),
                HttpStatus.CONFLICT,
                "conversation-archived");
        problem(
                api.removeParticipant(callers.sender(), c, Callers.PARTICIPANT),
                HttpStatus.CONFLICT,
                "conversation-archived");
        problem(
                api.changeRole(callers.sender(), c, Callers.PARTICIPANT, "ADMIN"),
                HttpStatus.CONFLICT,
                "conversation-archived");
        problem(
                api.updateConversation(callers.sender(), c, Map.of("title", "Closed")),
                HttpStatus.CONFLICT,
                "conversation-archived");
        problem(
                api.addParticipants(callers.removed(), c, List.of(Callers.NON_PARTICIPANT)),
                HttpStatus.NOT_FOUND,
                "not-found");
        assertThat(outboxRows()).isEqualTo(outbox);
        assertThat(participantIds(callers.sender())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void peopleAddedToAGroupThatHidesItsHistorySeeOnlyWhatCameAfter() {
        long hidden = api.createGroup(callers.sender(), "Managers", false, Callers.PARTICIPANT);
        long first = api.sendId(callers.sender(), hidden, "Salaries next week");
        long second = api.sendId(callers.participant(), hidden, "Noted");
        ok(api.addParticipants(callers.sender(), hidden, List.of(Callers.NON_PARTICIPANT)));
        long later = api.sendId(callers.sender(), hidden, "Welcome");
        String newcomer = TestTokens.staff(Callers.NON_PARTICIPANT, callers.hotel(), "staff");

        assertThat(api.listSeqs(newcomer, hidden, "")).containsExactly(4L, 3L);
        assertThat(api.listSeqs(newcomer, hidden, "?after=0")).containsExactly(3L, 4L);
        assertThat(api.listSeqs(newcomer, hidden, "?around=1")).containsExactly(4L, 3L);
        assertThat(api.listSeqs(newcomer, hidden, "?before=3")).isEmpty();
        for (long id : List.of(first, second)) {
            problem(api.getMessage(newcomer, id), HttpStatus.NOT_FOUND, "not-found");
            problem(api.history(newcomer, id), HttpStatus.NOT_FOUND, "not-found");
            problem(api.receipts(newcomer, id), HttpStatus.NOT_FOUND, "not-found");
            problem(api.react(newcomer, id, "👍"), HttpStatus.NOT_FOUND, "not-found");
            api.reply(newcomer, hidden, "quoting", id).expectStatus().isBadRequest();
        }
        api.getMessage(newcomer, later).expectStatus().isOk();
        assertThat(((Number) api.unreadOk(newcomer).get("totalUnreadCount")).longValue())
                .isEqualTo(1);
        // the others still see everything
        assertThat(api.listSeqs(callers.participant(), hidden, "")).containsExactly(4L, 3L, 2L, 1L);

        // a group that shows its history (the default) shows it to newcomers too
        ok(api.addParticipants(callers.sender(), c, List.of(Callers.NON_PARTICIPANT)));
        assertThat(api.listSeqs(newcomer, c, "")).containsExactly(2L, 1L);
    }

    // --- helpers ---

    /** Every caller but the admin: a member 403, a deactivated person 403 (deactivated), everyone else 404. */
    private static void expectRefused(String who, ResponseSpec response) {
        try {
            switch (who) {
                case "participant" -> problem(response, HttpStatus.FORBIDDEN, "forbidden");
                case "deactivated" -> problem(response, HttpStatus.FORBIDDEN, "deactivated");
                default -> problem(response, HttpStatus.NOT_FOUND, "not-found");
            }
        } catch (AssertionError e) {
            throw new AssertionError("as " + who + ": " + e.getMessage(), e);
        }
    }

    static void problem(ResponseSpec response, HttpStatus status, String slug) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/" + slug);
    }

    /** A 400 problem whose detail names {@code named} when given. */
    private static void badRequest(String input, ResponseSpec response, String named) {
        try {
            var body = response.expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat((String) body.get("detail")).isNotEmpty();
            if (named != null) {
                assertThat((String) body.get("detail")).contains(named);
            }
        } catch (AssertionError e) {
            throw new AssertionError("for " + input + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(ResponseSpec response) {
        return response.expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<Long> ids(Map<String, Object> view) {
        return ((List<?>) view.get("participants"))
                .stream()
                        .map(p -> ((Number) ((Map<?, ?>) p).get("staffId")).longValue())
                        .sorted()
                        .toList();
    }

    private static Map<Long, String> roles(Map<String, Object> view) {
        Map<Long, String> roles = new java.util.TreeMap<>();
        for (Object p : (List<?>) view.get("participants")) {
            Map<?, ?> participant = (Map<?, ?>) p;
            roles.put(((Number) participant.get("staffId")).longValue(), (String) participant.get("role"));
        }
        return roles;
    }

    private List<Long> participantIds(String token) {
        return ids(ok(api.conversation(token, c)));
    }

    private long outboxRows() {
        return (Long) scalar("select count(*) from outbox where tenant = '" + callers.hotel() + "'");
    }

    private List<EventPayload> events() {
        return eventsAfter(0);
    }

    /** The hotel's events in the outbox, in the order written, skipping the first {@code skip}. */
    private List<EventPayload> eventsAfter(long skip) {
        return db.sql("select payload from outbox where tenant = :h order by id offset :skip")
                .bind("h", callers.hotel())
                .bind("skip", skip)
                .map(row -> (EventPayload)
                        codec.decode(row.get("payload", String.class)).data())
                .all()
                .collectList()
                .block(Duration.ofSeconds(10));
    }

    private Object scalar(String sql) {
        return db.sql(sql).map(row -> row.get(0)).one().block(Duration.ofSeconds(10));
    }
}

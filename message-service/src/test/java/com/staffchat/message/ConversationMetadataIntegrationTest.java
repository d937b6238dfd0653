package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ConversationUpdated;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageSent;
import com.staffchat.events.SystemNote;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * {@code PATCH /api/v1/conversations/{id}} (issue 17): group admins change the title, description,
 * avatar and history visibility; a title change is a system message; every caller and bad input
 * are tried, and a refused request changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ConversationMetadataIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("metadata_it");

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
    void anAdminChangesTheGroupEveryoneElseChangesNothing() {
        Map<String, Object> before = ok(api.conversation(callers.sender(), c));
        long outbox = outboxRows();
        for (var caller : callers.all().entrySet()) {
            if (caller.getKey().equals("sender")) {
                continue;
            }
            ResponseSpec response = api.updateConversation(caller.getValue(), c, Map.of("title", "Taken over"));
            try {
                switch (caller.getKey()) {
                    case "participant" ->
                        ParticipantsIntegrationTest.problem(response, HttpStatus.FORBIDDEN, "forbidden");
                    case "deactivated" ->
                        ParticipantsIntegrationTest.problem(response, HttpStatus.FORBIDDEN, "deactivated");
                    default -> ParticipantsIntegrationTest.problem(response, HttpStatus.NOT_FOUND, "not-found");
                }
            } catch (AssertionError e) {
                throw new AssertionError("as " + caller.getKey() + ": " + e.getMessage(), e);
            }
        }
        assertThat(ok(api.conversation(callers.sender(), c))).isEqualTo(before);
        assertThat(outboxRows()).isEqualTo(outbox);

        Map<String, Object> changed = ok(api.updateConversation(
                callers.sender(),
                c,
                Map.of(
                        "title",
                        "  Front desk (night)  ",
                        "description",
                        "Night shift\nfront desk",
                        "avatarUrl",
                        "https://cdn.example.com/a.png")));
        assertThat(changed)
                .containsEntry("title", "Front desk (night)")
                .containsEntry("description", "Night shift\nfront desk")
                .containsEntry("avatarUrl", "https://cdn.example.com/a.png");
        assertThat(ok(api.conversation(callers.participant(), c))).containsEntry("title", "Front desk (night)");
        Map<String, Object> renamed =
                api.list(callers.participant(), c, "?limit=1").get(0);
        assertThat(renamed)
                .containsEntry("seq", 2)
                .containsEntry("kind", "SYSTEM")
                .containsEntry("body", "Staff 1 renamed the group to \u201cFront desk (night)\u201d.");
        List<EventPayload> events = eventsAfter(outbox);
        assertThat(events).hasSize(2);
        assertThat((ConversationUpdated) events.get(0))
                .returns("Front desk (night)", ConversationUpdated::title)
                .returns("Night shift\nfront desk", ConversationUpdated::description)
                .returns("https://cdn.example.com/a.png", ConversationUpdated::avatarUrl)
                .returns(true, ConversationUpdated::historyVisible)
                .returns(1L, ConversationUpdated::updatedBy);
        assertThat(((MessageSent) events.get(1)).system())
                .isEqualTo(new SystemNote(SystemNote.Action.TITLE_CHANGED, 1L, List.of(), "Front desk (night)", null));

        // description and avatar cleared with "", history hidden; no title change, no system message
        long now = outboxRows();
        Map<String, Object> cleared = ok(api.updateConversation(
                callers.sender(), c, Map.of("description", "", "avatarUrl", "", "historyVisible", false)));
        assertThat(cleared)
                .containsEntry("title", "Front desk (night)")
                .containsEntry("description", null)
                .containsEntry("avatarUrl", null);
        List<EventPayload> more = eventsAfter(now);
        assertThat(more).hasSize(1);
        assertThat(((ConversationUpdated) more.get(0)).historyVisible()).isFalse();
        assertThat(scalar("select history_visible from conversation where id = " + c))
                .isEqualTo(false);
        assertThat(api.listSeqs(callers.sender(), c, "")).containsExactly(2L, 1L);
    }

    @Test
    void badMetadataIs400AndChangesNothing() {
        Map<String, Object> before = ok(api.conversation(callers.sender(), c));
        long outbox = outboxRows();
        List<Object> bad = List.of(
                Map.of(),
                Map.of("title", ""),
                Map.of("title", "   "),
                Map.of("title", "x".repeat(101)),
                Map.of("title", "Front\u0000desk"),
                Map.of("title", "Front\ndesk"),
                Map.of("description", "d".repeat(1001)),
                Map.of("description", "bad\u0000"),
                Map.of("avatarUrl", "http://cdn.example.com/a.png"),
                Map.of("avatarUrl", "javascript:alert(1)"),
                Map.of("avatarUrl", "https://" + "a".repeat(1995) + ".png"),
                Map.of("avatarUrl", "not a url"),
                "{\"historyVisible\":\"maybe\"}",
                "{\"title\":");
        for (Object body : bad) {
            ResponseSpec response = api.updateConversation(callers.sender(), c, body);
            try {
                response.expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            } catch (AssertionError e) {
                throw new AssertionError("for " + body + ": " + e.getMessage(), e);
            }
        }
        assertThat(ok(api.conversation(callers.sender(), c))).isEqualTo(before);
        assertThat(outboxRows()).isEqualTo(outbox);

        // the limits themselves are fine
        Map<String, Object> limits = new HashMap<>();
        limits.put("title", "t".repeat(100));
        limits.put("description", "d".repeat(1000));
        ok(api.updateConversation(callers.sender(), c, limits));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(ResponseSpec response) {
        return response.expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private long outboxRows() {
        return (Long) scalar("select count(*) from outbox where tenant = '" + callers.hotel() + "'");
    }

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

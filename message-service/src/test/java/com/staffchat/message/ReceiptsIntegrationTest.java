package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessagesRead;
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
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Mark read, read receipts and unread counts (issue 16 part D) against the local PostgreSQL and an
 * embedded Kafka broker: the position only moves forward, each move is one {@link MessagesRead}
 * event in the outbox's transaction, receipts say who read when, and every endpoint is tried as the
 * six {@link Callers} and with bad input, checking that nothing was written where it must not be.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ReceiptsIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("receipts_it");

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

    @BeforeEach
    void setUp() {
        api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build());
        callers = Callers.createRemovedInDatabase(api, db);
    }

    @Test
    void markReadMovesForwardOnlyAndEachMoveIsOneMessagesReadEvent() {
        long c = callers.conversationId();
        long other = api.createGroup(callers.sender(), "Kitchen", Callers.PARTICIPANT);
        for (int i = 1; i <= 3; i++) {
            api.sendOk(callers.sender(), c, "Front desk " + i);
        }
        api.sendOk(callers.sender(), other, "Kitchen 1");
        api.sendOk(callers.sender(), other, "Kitchen 2");
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            Map<String, Object> before = api.unreadOk(callers.participant());
            assertThat(n(before, "totalUnreadCount")).isEqualTo(5);
            assertThat(conversations(before))
                    .extracting(u -> n(u, "conversationId"), u -> n(u, "unreadCount"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(other, 2L), org.assertj.core.groups.Tuple.tuple(c, 3L));

            Instant start = Instant.now();
            Map<String, Object> moved = api.markReadOk(callers.participant(), c, 2);
            assertThat(moved)
                    .containsEntry("lastReadSeq", 2)
                    .containsEntry("lastSeq", 3)
                    .containsEntry("unreadCount", 1)
                    .containsEntry("totalUnreadCount", 3)
                    .containsEntry("moved", true);
            // lower or equal: a no-op that still answers the position, and writes nothing
            for (long seq : new long[] {1, 2, 0}) {
                assertThat(api.markReadOk(callers.participant(), c, seq))
                        .containsEntry("lastReadSeq", 2)
                        .containsEntry("unreadCount", 1)
                        .containsEntry("totalUnreadCount", 3)
                        .containsEntry("moved", false);
            }
            // beyond the newest message: clamped to it
            assertThat(api.markReadOk(callers.participant(), c, 1_000_000))
                    .containsEntry("lastReadSeq", 3)
                    .containsEntry("unreadCount", 0)
                    .containsEntry("totalUnreadCount", 2)
                    .containsEntry("moved", true);
            assertThat(api.markReadOk(callers.participant(), c, Long.MAX_VALUE)).containsEntry("moved", false);

            Map<String, Object> after = api.unreadOk(callers.participant());
            assertThat(n(after, "totalUnreadCount")).isEqualTo(2);
            assertThat(conversations(after))
                    .extracting(u -> n(u, "conversationId"))
                    .containsExactly(other);

            List<MessagesRead> reads = readEvents(consumer, 2);
            assertThat(reads).hasSize(2);
            assertThat(reads.get(0))
                    .returns(c, MessagesRead::conversationId)
                    .returns(Callers.PARTICIPANT, MessagesRead::staffId)
                    .returns(2L, MessagesRead::lastReadSeq)
                    .returns(1L, MessagesRead::unreadCount)
                    .returns(3L, MessagesRead::totalUnreadCount);
            assertThat(reads.get(0).readAt()).isBetween(start.minusSeconds(1), Instant.now());
            assertThat(reads.get(1))
                    .returns(3L, MessagesRead::lastReadSeq)
                    .returns(0L, MessagesRead::unreadCount)
                    .returns(2L, MessagesRead::totalUnreadCount);
            // no further event: the no-ops wrote none (the outbox has exactly the two)
            assertThat(readEventsInOutbox()).isEqualTo(2);
            assertThat(readMoves()).isEqualTo(2);
        }
    }

    @Test
    void concurrentMarksOfOnePersonMoveForwardOnlyWithOneEventPerMove() {
        long c = callers.conversationId();
        for (int i = 1; i <= 12; i++) {
            api.sendOk(callers.sender(), c, "Room " + i);
        }
        List<Map<String, Object>> answers = reactor.core.publisher.Flux.range(1, 12)
                .flatMap(
                        seq -> reactor.core.publisher.Mono.fromCallable(
                                        () -> api.markReadOk(callers.participant(), c, seq))
                                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()),
                        12)
                .collectList()
                .block(Duration.ofSeconds(60));
        assertThat(answers).hasSize(12);
        assertThat(positions(c)).containsEntry(Long.toString(Callers.PARTICIPANT), 12L);
        long moved = answers.stream()
                .filter(a -> Boolean.TRUE.equals(a.get("moved")))
                .count();
        // each move is one row and one event, and the rows chain: every move starts where the previous ended
        List<long[]> moves = db.sql("""
                select from_seq, to_seq from read_move where hotel = :h and staff_id = :s order by to_seq""")
                .bind("h", callers.hotel())
                .bind("s", Callers.PARTICIPANT)
                .map(row -> new long[] {row.get("from_seq", Long.class), row.get("to_seq", Long.class)})
                .all()
                .collectList()
                .block();
        assertThat(moves).hasSize((int) moved);
        assertThat(readEventsInOutbox()).isEqualTo(moved);
        long at = 0;
        for (long[] move : moves) {
            assertThat(move[0]).isEqualTo(at);
            assertThat(move[1]).isGreaterThan(move[0]);
            at = move[1];
        }
        assertThat(at).isEqualTo(12);
    }

    @Test
    void myOwnMessagesAreNeverUnreadToMe() {
        long c = callers.conversationId();
        api.sendOk(callers.participant(), c, "Anyone at the desk?");
        assertThat(n(api.unreadOk(callers.sender()), "totalUnreadCount")).isEqualTo(1);
        api.sendOk(callers.sender(), c, "Yes, coming");
        api.sendOk(callers.sender(), c, "Two minutes");
        Map<String, Object> mine = api.unreadOk(callers.sender());
        assertThat(n(mine, "totalUnreadCount")).isZero();
        assertThat(conversations(mine)).isEmpty();
        assertThat(n(api.unreadOk(callers.participant()), "totalUnreadCount")).isEqualTo(2);
        assertThat(api.markReadOk(callers.sender(), c, 3)).containsEntry("moved", false);
    }

    @Test
    void receiptsSayWhoReadAMessageAndWhen() {
        long c = callers.conversationId();
        Map<String, Object> first = api.sendOk(callers.sender(), c, "Towels for 12");
        Map<String, Object> second = api.sendOk(callers.sender(), c, "And 14");
        long firstId = n(first, "id");
        long secondId = n(second, "id");

        Map<String, Object> none = api.receiptsOk(callers.participant(), firstId);
        assertThat(none)
                .containsEntry("seq", 1)
                .containsEntry("senderId", 1)
                .containsEntry("readCount", 0)
                .containsEntry("notReadCount", 2);
        assertThat(ids(none.get("notReadBy"))).containsExactly(Callers.PARTICIPANT, Callers.DEACTIVATED);

        Instant beforeRead = Instant.now();
        api.markReadOk(callers.participant(), c, 1);
        Instant afterRead = Instant.now();
        Map<String, Object> one = api.receiptsOk(callers.sender(), firstId);
        assertThat(one).containsEntry("readCount", 1).containsEntry("notReadCount", 1);
        Map<?, ?> reader = readers(one).get(0);
        assertThat(n(reader, "staffId")).isEqualTo(Callers.PARTICIPANT);
        Instant readAt = Instant.parse((String) reader.get("readAt"));
        assertThat(readAt).isBetween(beforeRead.minusSeconds(1), afterRead);
        assertThat(ids(one.get("notReadBy"))).containsExactly(Callers.DEACTIVATED);
        assertThat(ids(api.receiptsOk(callers.sender(), secondId).get("notReadBy")))
                .containsExactly(Callers.PARTICIPANT, Callers.DEACTIVATED);

        // a reply moves its sender's position: message 2 counts as read when the reply was sent
        Map<String, Object> reply = api.sendOk(callers.participant(), c, "On it");
        Map<String, Object> two = api.receiptsOk(callers.sender(), secondId);
        assertThat(readers(two)).hasSize(1);
        assertThat(readers(two).get(0).get("readAt")).isEqualTo(reply.get("createdAt"));
        // reading further later does not change when message 1 was read
        assertThat(readers(api.receiptsOk(callers.sender(), firstId)).get(0).get("readAt"))
                .isEqualTo(reader.get("readAt"));

        // the reply's receipts: its sender is left out; the first sender has not read it yet
        long replyId = n(reply, "id");
        Map<String, Object> ofReply = api.receiptsOk(callers.participant(), replyId);
        assertThat(ofReply).containsEntry("senderId", 2).containsEntry("readCount", 0);
        assertThat(ids(ofReply.get("notReadBy"))).containsExactly(Callers.SENDER, Callers.DEACTIVATED);
        assertThat(api.markReadOk(callers.sender(), c, 3)).containsEntry("moved", true);
        assertThat(readers(api.receiptsOk(callers.participant(), replyId)))
                .extracting(r -> n(r, "staffId"))
                .containsExactly(Callers.SENDER);

        // a later mark-read, starting where the reply left the position, keeps the reply's time for message 2
        api.sendOk(callers.sender(), c, "Thanks");
        assertThat(api.markReadOk(callers.participant(), c, 4)).containsEntry("moved", true);
        assertThat(readers(api.receiptsOk(callers.sender(), secondId)).get(0).get("readAt"))
                .isEqualTo(reply.get("createdAt"));
        assertThat(readMoves()).isEqualTo(3);
    }

    @Test
    void everyEndpointAsEveryCaller() {
        long c = callers.conversationId();
        long messageId = n(api.sendOk(callers.sender(), c, "Towels for 12"), "id");
        api.sendOk(callers.sender(), c, "And 14");
        Map<String, Long> positions = positions(c);

        // outsiders learn nothing: 404 for the conversation and the message
        for (String outsider : List.of(callers.nonParticipant(), callers.manager(), callers.otherHotel())) {
            problem(api.markRead(outsider, c, 2), 404);
            problem(api.receipts(outsider, messageId), 404);
        }
        // a deactivated participant is stopped by the security layer
        problem(api.markRead(callers.deactivated(), c, 2), 403)
                .jsonPath("$.type")
                .value(t -> assertThat((String) t).endsWith("/deactivated"));
        problem(api.receipts(callers.deactivated(), messageId), 403);
        problem(api.unread(callers.deactivated()), 403);
        assertThat(positions(c)).isEqualTo(positions);
        assertThat(readMoves()).isZero();
        assertThat(readEventsInOutbox()).isZero();

        // everyone else sees their own counts; the other hotel's staff 1 is somebody else
        assertThat(n(api.unreadOk(callers.participant()), "totalUnreadCount")).isEqualTo(2);
        assertThat(n(api.unreadOk(callers.nonParticipant()), "totalUnreadCount"))
                .isZero();
        assertThat(n(api.unreadOk(callers.manager()), "totalUnreadCount")).isZero();
        assertThat(n(api.unreadOk(callers.otherHotel()), "totalUnreadCount")).isZero();
        assertThat(n(api.unreadOk(callers.sender()), "totalUnreadCount")).isZero();

        // both participants may read the receipts and mark read
        assertThat(api.receiptsOk(callers.sender(), messageId)).containsEntry("readCount", 0);
        assertThat(api.receiptsOk(callers.participant(), messageId)).containsEntry("readCount", 0);
        assertThat(api.markReadOk(callers.participant(), c, 2)).containsEntry("moved", true);
        assertThat(api.markReadOk(callers.sender(), c, 2)).containsEntry("moved", false);
        assertThat(positions(c)).containsEntry("2", 2L).containsEntry("1", 2L).containsEntry("3", 0L);
    }

    @Test
    void badInputAnswers4xxAndWritesNothing() {
        long c = callers.conversationId();
        long messageId = n(api.sendOk(callers.sender(), c, "Towels for 12"), "id");
        Map<String, Long> positions = positions(c);
        String token = callers.participant();
        for (String body : List.of(
                "{\"seq\":\"1\"}",
                "{\"seq\":\"one\"}",
                "{\"seq\":-1}",
                "{\"seq\":1.5}",
                "{\"seq\":1e3}",
                "{\"seq\":99999999999999999999999999}",
                "{\"seq\":null}",
                "{}",
                "{\"seq\":[1]}",
                "{\"seq\":{\"n\":1}}",
                "{\"seq\":1,\"staffId\":2}",
                "{\"seq\":1,\"hotel\":\"other\"}",
                "[1]",
                "seq=1",
                "")) {
            problem(api.markReadRaw(token, c, body), 400);
        }
        problem(api.markReadRaw(token, "abc", "{\"seq\":1}"), 400);
        problem(api.markReadRaw(token, "99999999999999999999999", "{\"seq\":1}"), 400);
        problem(api.markReadRaw(token, 42, "{\"seq\":1}"), 404);
        problem(api.receipts(token, "abc"), 400);
        problem(api.receipts(token, "99999999999999999999999"), 400);
        problem(api.receipts(token, messageId + 1000), 404);
        problem(api.receipts(token, -1), 404);
        problem(
                api.client()
                        .post()
                        .uri("/api/v1/conversations/" + c + "/read")
                        .headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("1")
                        .exchange(),
                415);
        assertThat(positions(c)).isEqualTo(positions);
        assertThat(readMoves()).isZero();
        assertThat(readEventsInOutbox()).isZero();
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

    /** This hotel's MessagesRead events, polled until {@code count} arrived (other tests share the broker). */
    private List<MessagesRead> readEvents(
            org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer, int count) {
        List<MessagesRead> reads = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (reads.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                EventEnvelope<?> event = codec.decode(record.value());
                if (event.tenant().equals(callers.hotel()) && event.data() instanceof MessagesRead read) {
                    assertThat(record.key()).isEqualTo(Long.toString(read.conversationId()));
                    reads.add(read);
                }
            }
        }
        return reads;
    }

    private Map<String, Long> positions(long conversationId) {
        return db.sql("select staff_id, last_read_seq from participant where hotel = :h and conversation_id = :c")
                .bind("h", callers.hotel())
                .bind("c", conversationId)
                .map(row ->
                        Map.entry(Long.toString(row.get("staff_id", Long.class)), row.get("last_read_seq", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block();
    }

    private long readMoves() {
        return db.sql("select count(*) as n from read_move where hotel = :h")
                .bind("h", callers.hotel())
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private long readEventsInOutbox() {
        return db.sql("select count(*) as n from outbox where tenant = :h and event_type = 'staffchat.messages.read'")
                .bind("h", callers.hotel())
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private static long n(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    private static List<Map<?, ?>> conversations(Map<String, Object> unread) {
        return ((List<?>) unread.get("conversations"))
                .stream().<Map<?, ?>>map(m -> (Map<?, ?>) m).toList();
    }

    private static List<Map<?, ?>> readers(Map<String, Object> receipts) {
        return ((List<?>) receipts.get("readBy"))
                .stream().<Map<?, ?>>map(m -> (Map<?, ?>) m).toList();
    }

    private static List<Long> ids(Object list) {
        return ((List<?>) list).stream().map(x -> ((Number) x).longValue()).toList();
    }
}

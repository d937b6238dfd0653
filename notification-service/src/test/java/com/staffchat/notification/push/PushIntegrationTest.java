package com.staffchat.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.events.ConversationMuted;
import com.staffchat.events.DeleteMode;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.Topics;
import com.staffchat.notification.projection.Viewers;
import com.staffchat.support.consumer.FailedInBatch;
import com.staffchat.support.security.DeactivatedStaff;
import com.staffchat.testsupport.FcmTestServer;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The push handler in the whole service: conversation events on the embedded broker, devices and
 * preferences through the API, viewers from {@code staffchat.presence}, PostgreSQL, and real
 * firebase-admin against the local FCM server (Google is never called). Pusher is unreachable
 * throughout: the realtime listener waits out its outage in its own group and pushes go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONVERSATIONS, Topics.STAFF, Topics.PRESENCE},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class PushIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_pushes");
    static final FcmTestServer fcm = FcmTestServer.start();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant AT = Instant.parse("2026-11-30T08:00:00Z");
    static final AtomicLong ids = new AtomicLong(90_000);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://key:secret@127.0.0.1:1/apps/1");
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
        registry.add("staffchat.fcm.enabled", () -> "true");
        registry.add("staffchat.fcm.project-id", () -> FcmFixture.PROJECT);
        registry.add("staffchat.fcm.retry-budget", () -> "1s");
        registry.add("staffchat.fcm.retry-initial-interval", () -> "100ms");
        registry.add("staffchat.consumer.retry-initial-interval", () -> "200ms");
        registry.add("staffchat.consumer.retry-max-interval", () -> "1s");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class LocalFcm {
        @Bean
        GoogleCredentials testCredentials() {
            return FcmFixture.credentials();
        }

        @Bean
        HttpTransport localFcmTransport() {
            return fcm.transport();
        }
    }

    @AfterAll
    static void stop() {
        fcm.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Viewers viewers;

    @Autowired
    DeactivatedStaff deactivatedStaff;

    @Autowired
    PushListener listener;

    final EventCodec codec = new EventCodec();
    String hotel;
    Map<MessagePushes.Reason, Double> before;

    @BeforeEach
    void fresh() {
        hotel = "push-" + UUID.randomUUID().toString().substring(0, 8);
        fcm.reset();
        fcm.recover();
        before = decisions();
    }

    @Test
    void anOfflineParticipantGetsExactlyOnePushWithTheRightPayloadAndARedeliveryPushesNoMore() {
        long c = ids.incrementAndGet();
        device(1, "phone-sender-" + hotel);
        device(2, "phone-" + hotel);
        publish(new ConversationCreated(c, ConversationKind.GROUP, "Front desk", 1, List.of(1L, 2L, 3L), AT));
        var sent = publish(message(c, 1, 1, "Room 12 needs towels", List.of()));

        FcmTestServer.Request request = awaitOne("phone-" + hotel);
        JsonNode message = request.message();
        assertThat(message.path("notification").path("title").asString()).isEqualTo("Front desk");
        assertThat(message.path("notification").path("body").asString()).isEqualTo("Room 12 needs towels");
        assertThat(message.path("data").path("hotel").asString()).isEqualTo(hotel);
        assertThat(message.path("data").path("conversationId").asString()).isEqualTo(Long.toString(c));
        assertThat(message.path("data").path("messageId").asString())
                .isEqualTo(Long.toString(((MessageSent) sent.data()).id()));
        assertThat(message.path("data").path("seq").asString()).isEqualTo("1");
        assertThat(message.path("data").path("kind").asString()).isEqualTo("NEW_MESSAGE");
        assertThat(message.path("data").path("badge").asString()).isEqualTo("1");
        assertThat(message.path("android").path("notification").path("tag").asString())
                .isEqualTo("conversation-" + c);
        assertThat(message.path("apns")
                        .path("payload")
                        .path("aps")
                        .path("badge")
                        .asInt())
                .isEqualTo(1);
        awaitDecisions(Map.of(MessagePushes.Reason.SENT, 1, MessagePushes.Reason.NO_DEVICE, 1));

        // the same event again, then a later one whose push shows the redelivery was handled (one conversation: one
        // partition, in order)
        publish(sent);
        publish(message(c, 2, 3, "On my way", List.of()));
        awaitRequests("phone-" + hotel, 2);
        awaitRequests("phone-sender-" + hotel, 1);
        assertThat(fcm.requestsFor("phone-" + hotel))
                .extracting(r -> r.message().path("data").path("seq").asString())
                .containsExactly("1", "2");
        assertThat(fcm.requestsFor("phone-sender-" + hotel))
                .as("the sender is never pushed their own message")
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.message().path("data").path("seq").asString())
                        .isEqualTo("2"));
    }

    @Test
    void someoneLookingAtTheConversationGetsNoPush() {
        long c = ids.incrementAndGet();
        device(2, "phone-2-" + hotel);
        device(3, "phone-3-" + hotel);
        publish(new ConversationCreated(c, ConversationKind.GROUP, "Housekeeping", 1, List.of(1L, 2L, 3L), AT));
        publishPresence(c, "7.1", 2);
        await().atMost(WAIT)
                .until(() ->
                        viewers.lookingAmong(hotel, c, List.of(2L, 3L)).block().equals(Set.of(2L)));

        publish(message(c, 1, 1, "Suite 4 is ready", List.of()));

        awaitOne("phone-3-" + hotel);
        awaitDecisions(Map.of(MessagePushes.Reason.SENT, 1, MessagePushes.Reason.ONLINE, 1));
        assertThat(fcm.requestsFor("phone-2-" + hotel)).isEmpty();
    }

    @Test
    void preferencesQuietHoursMutesAndDeactivationDecideInOrderAndAMentionBreaksAMute() {
        long c = ids.incrementAndGet();
        for (long staff = 2; staff <= 9; staff++) {
            device(staff, "phone-" + staff + "-" + hotel);
        }
        preferences(2, "NONE", null);
        preferences(3, "MENTIONS_AND_DIRECT", null);
        preferences(4, "ALL", quietNow());
        preferences(7, "MENTIONS_AND_DIRECT", null);
        // 5 muted; 6 muted but mentioned; 7 mentioned; 8 defaults; 9 deactivated
        deactivatedStaff.deactivate(hotel, List.of(9L)).block(WAIT);
        try {
            decideForEveryone(c);
        } finally {
            deactivatedStaff.reactivate(hotel, List.of(9L)).block(WAIT);
        }
    }

    private void decideForEveryone(long c) {
        publish(new ConversationCreated(
                c, ConversationKind.GROUP, "Night shift", 1, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), AT));
        publish(new ConversationMuted(c, 5, true, null, AT));
        publish(new ConversationMuted(c, 6, true, null, AT));
        // a direct conversation: muted, and only mentions and direct messages wanted, and still pushed
        long direct = ids.incrementAndGet();
        preferences(10, "MENTIONS_AND_DIRECT", null);
        device(10, "phone-10-" + hotel);
        publish(new ConversationCreated(direct, ConversationKind.DIRECT, null, 1, List.of(1L, 10L), AT));
        publish(new ConversationMuted(direct, 10, true, null, AT));

        publish(message(c, 1, 1, "@six @seven the lobby needs help", List.of(6L, 7L)));
        publish(message(direct, 1, 1, null, List.of(), photo()));

        awaitDecisions(Map.of(
                MessagePushes.Reason.PREFERENCE, 2,
                MessagePushes.Reason.QUIET_HOURS, 1,
                MessagePushes.Reason.MUTED, 1,
                MessagePushes.Reason.NO_DEVICE, 1,
                MessagePushes.Reason.SENT, 4));
        for (long pushed : List.of(6L, 7L, 8L, 10L)) {
            assertThat(fcm.requestsFor("phone-" + pushed + "-" + hotel))
                    .as("staff %d", pushed)
                    .hasSize(1);
        }
        for (long held : List.of(2L, 3L, 4L, 5L, 9L)) {
            assertThat(fcm.requestsFor("phone-" + held + "-" + hotel))
                    .as("staff %d", held)
                    .isEmpty();
        }
        JsonNode directPush = fcm.requestsFor("phone-10-" + hotel).get(0).message();
        assertThat(directPush.path("notification").path("title").asString()).isEqualTo(MessagePushes.DIRECT_TITLE);
        assertThat(directPush.path("notification").path("body").asString()).isEqualTo("📎 photo");
    }

    @Test
    void editsDeletesAndReadsReachTheTokensThatGotThePush() {
        long c = ids.incrementAndGet();
        device(2, "phone-a-" + hotel);
        device(2, "phone-b-" + hotel);
        publish(new ConversationCreated(c, ConversationKind.GROUP, "Kitchen", 1, List.of(1L, 2L), AT));
        MessageSent first = (MessageSent)
                publish(message(c, 1, 1, "Dinner at 7", List.of())).data();
        awaitRequests("phone-a-" + hotel, 1);
        // 2's own message to 1, who has no device: never pushed, so its edit goes nowhere
        MessageSent unpushed =
                (MessageSent) publish(message(c, 2, 2, "OK", List.of())).data();

        publish(new MessageEdited(first.id(), c, 1, 1, "Dinner at 8", List.of(), AT));
        publish(new MessageEdited(unpushed.id(), c, 2, 2, "OK!", List.of(), AT));
        awaitRequests("phone-a-" + hotel, 2);
        publish(new MessageDeleted(first.id(), c, 1, 1, 1, DeleteMode.SOFT, AT));
        awaitRequests("phone-a-" + hotel, 3);
        publish(new MessagesRead(c, 2, 2, 0, 0, AT));
        awaitRequests("phone-a-" + hotel, 4);
        // read again: nothing pushed since the last clear, so no phone wakes; then a new message, whose push shows
        // that the read before it was handled (one conversation: one partition, in order)
        publish(new MessagesRead(c, 2, 2, 0, 0, AT));
        publish(message(c, 3, 1, "Dinner is ready", List.of()));
        awaitRequests("phone-a-" + hotel, 5);
        awaitRequests("phone-b-" + hotel, 5);

        for (String token : List.of("phone-a-" + hotel, "phone-b-" + hotel)) {
            List<JsonNode> messages = fcm.requestsFor(token).stream()
                    .map(FcmTestServer.Request::message)
                    .toList();
            assertThat(messages)
                    .extracting(m -> m.path("data").path("kind").asString())
                    .containsExactly("NEW_MESSAGE", "MESSAGE_EDITED", "MESSAGE_DELETED", "READ", "NEW_MESSAGE");
            assertThat(messages.get(4).path("data").path("seq").asString()).isEqualTo("3");
            JsonNode edited = messages.get(1);
            assertThat(edited.path("data").path("messageId").asString()).isEqualTo(Long.toString(first.id()));
            assertThat(edited.path("data").path("body").asString()).isEqualTo("Dinner at 8");
            assertThat(edited.path("notification").isMissingNode()).isTrue();
            JsonNode deleted = messages.get(2);
            assertThat(deleted.path("data").path("messageId").asString()).isEqualTo(Long.toString(first.id()));
            assertThat(deleted.path("data").has("body")).isFalse();
            JsonNode read = messages.get(3);
            assertThat(read.path("data").path("seq").asString()).isEqualTo("2");
            assertThat(read.path("data").path("badge").asString()).isEqualTo("0");
            assertThat(read.path("apns")
                            .path("payload")
                            .path("aps")
                            .path("badge")
                            .asInt())
                    .isZero();
        }
    }

    @Test
    void anFcmOutageLosesNoPushAndPushesNothingTwice() {
        long c = ids.incrementAndGet();
        fcm.reset(); // transient tokens fail until recovered
        fcm.retryAfterSeconds(0);
        device(2, "unavailable-" + hotel);
        device(3, "phone-" + hotel);
        publish(new ConversationCreated(c, ConversationKind.GROUP, "Spa", 1, List.of(1L, 2L, 3L), AT));
        try {
            publish(message(c, 1, 1, "Pool closes at 9", List.of()));
            // firebase-admin tries a 503 five times per send: more than five means the record came again
            await().atMost(WAIT)
                    .until(() -> fcm.requestsFor("unavailable-" + hotel).size() > 5);
            assertThat(decisions().get(MessagePushes.Reason.SENT) - before.get(MessagePushes.Reason.SENT))
                    .as("not counted until the pushes went out")
                    .isZero();
        } finally {
            fcm.recover();
        }
        await().atMost(WAIT)
                .until(() -> fcm.requestsFor("unavailable-" + hotel).stream().anyMatch(r -> r.status() == 200));
        awaitDecisions(Map.of(MessagePushes.Reason.SENT, 2));
        assertThat(fcm.requestsFor("unavailable-" + hotel))
                .filteredOn(r -> r.status() == 200)
                .hasSize(1);
        assertThat(fcm.requestsFor("phone-" + hotel))
                .as("accepted before the outage, not pushed again when the record came back")
                .hasSize(1);
    }

    @Test
    void whenOneConversationsPushFailsTheBatchFailsThereAndTheOtherConversationsArePushedOnce() {
        long x = ids.incrementAndGet();
        long y = ids.incrementAndGet();
        fcm.reset(); // transient tokens fail until recovered
        fcm.retryAfterSeconds(0);
        device(2, "unavailable-" + hotel);
        device(3, "phone-" + hotel);
        // one batch as the listener receives it (not through the topic: the batch is this test's to choose)
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record(0, new ConversationCreated(x, ConversationKind.GROUP, "Bar", 1, List.of(1L, 2L), AT)),
                record(1, new ConversationCreated(y, ConversationKind.GROUP, "Gym", 1, List.of(1L, 3L), AT)),
                record(2, message(x, 1, 1, "Ice is out", List.of())),
                record(3, message(y, 1, 1, "Towels are in", List.of())));
        try {
            assertThatThrownBy(() -> listener.onBatch(batch))
                    .isInstanceOfSatisfying(FailedInBatch.DependencyOutage.class, e -> assertThat(e.getIndex())
                            .isEqualTo(2));
            assertThat(fcm.requestsFor("phone-" + hotel))
                    .as("the other conversation went on")
                    .hasSize(1);
        } finally {
            fcm.recover();
        }

        listener.onBatch(batch.subList(2, 4)); // what the consumer kit delivers again

        assertThat(fcm.requestsFor("unavailable-" + hotel))
                .filteredOn(r -> r.status() == 200)
                .hasSize(1);
        assertThat(fcm.requestsFor("phone-" + hotel)).hasSize(1);
        awaitDecisions(Map.of(MessagePushes.Reason.SENT, 2));
    }

    // ---- helpers

    ConsumerRecord<String, byte[]> record(long offset, EventPayload event) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap("message-service", hotel, event);
        return new ConsumerRecord<>(Topics.CONVERSATIONS, 0, offset, envelope.key(), codec.encode(envelope));
    }

    MessageSent message(long c, long seq, long sender, String body, List<Long> mentions) {
        return message(c, seq, sender, body, mentions, List.of());
    }

    MessageSent message(
            long c, long seq, long sender, String body, List<Long> mentions, List<AttachmentSummary> attachments) {
        return new MessageSent(
                ids.incrementAndGet(),
                c,
                seq,
                sender,
                body == null ? "" : body,
                null,
                mentions,
                List.of(),
                attachments,
                null,
                AT,
                null,
                null);
    }

    static List<AttachmentSummary> photo() {
        return List.of(new AttachmentSummary("a-1", "pool.jpg", "image/jpeg", 1234));
    }

    EventEnvelope<EventPayload> publish(EventPayload event) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap("message-service", hotel, event);
        publish(envelope);
        return envelope;
    }

    void publish(EventEnvelope<? extends EventPayload> envelope) {
        KafkaTestSupport.send(
                broker.getBrokersAsString(), Topics.CONVERSATIONS, envelope.key(), codec.encode(envelope));
    }

    /** realtime-service's announcement that staff {@code staffId} subscribed to the conversation's channel. */
    void publishPresence(long c, String socketId, long staffId) {
        String channel = "private-" + hotel + "-staff-conversation-" + c;
        long now = System.currentTimeMillis();
        String record = "{\"id\":\"" + now + "-0\",\"app_id\":\"1\",\"time_ms\":" + now
                + ",\"name\":\"subscription_added\",\"channel\":\"" + channel + "\",\"socket_id\":\"" + socketId
                + "\",\"user_id\":\"" + hotel + ":" + staffId + "\"}";
        KafkaTestSupport.send(
                broker.getBrokersAsString(), Topics.PRESENCE, channel, record.getBytes(StandardCharsets.UTF_8));
    }

    WebTestClient api(long staffId) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBearerAuth(TestTokens.staff(staffId, hotel)))
                .build();
    }

    void device(long staffId, String token) {
        api(staffId)
                .put()
                .uri("/api/v1/devices/{token}", token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("platform", "ANDROID"))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    void preferences(long staffId, String push, Map<String, String> quietHours) {
        Map<String, Object> body = new HashMap<>();
        body.put("push", push);
        body.put("quietHours", quietHours);
        body.put("timeZone", "UTC");
        api(staffId)
                .put()
                .uri("/api/v1/notification-preferences")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** Quiet hours around now (UTC), two hours each side. */
    static Map<String, String> quietNow() {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        return Map.of(
                "start", now.minusHours(2).format(hhmm), "end", now.plusHours(2).format(hhmm));
    }

    FcmTestServer.Request awaitOne(String token) {
        awaitRequests(token, 1);
        List<FcmTestServer.Request> requests = fcm.requestsFor(token);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).status()).isEqualTo(200);
        return requests.get(0);
    }

    void awaitRequests(String token, int count) {
        await().atMost(WAIT).until(() -> fcm.requestsFor(token).size() >= count);
    }

    Map<MessagePushes.Reason, Double> decisions() {
        Map<MessagePushes.Reason, Double> counts = new EnumMap<>(MessagePushes.Reason.class);
        for (MessagePushes.Reason reason : MessagePushes.Reason.values()) {
            var counter = meters.find(MessagePushes.DECISIONS_METRIC)
                    .tag("reason", reason.tag())
                    .counter();
            counts.put(reason, counter == null ? 0 : counter.count());
        }
        return counts;
    }

    /** Waits until the decisions since the test began are exactly {@code expected} (absent reasons: none). */
    void awaitDecisions(Map<MessagePushes.Reason, Integer> expected) {
        Map<MessagePushes.Reason, Double> want = new EnumMap<>(MessagePushes.Reason.class);
        for (MessagePushes.Reason reason : MessagePushes.Reason.values()) {
            want.put(reason, (double) expected.getOrDefault(reason, 0));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            Map<MessagePushes.Reason, Double> now = decisions();
            Map<MessagePushes.Reason, Double> delta = new EnumMap<>(MessagePushes.Reason.class);
            now.forEach((reason, n) -> delta.put(reason, n - before.get(reason)));
            assertThat(delta).isEqualTo(want);
        });
    }
}

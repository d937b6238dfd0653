package com.staffchat.notification.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ConsumerAutoConfiguration;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The viewers projection on the embedded broker and PostgreSQL, fed records as realtime-service
 * publishes them on {@code staffchat.presence}: who is looking at a conversation, per socket, per
 * hotel; stale rows; what is skipped and what is dead-lettered.
 */
@SpringBootTest
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONVERSATIONS, Topics.STAFF, Topics.PRESENCE},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ViewersIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_viewers");

    static final String APP = "viewers-app";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://key:secret@127.0.0.1:1/apps/" + APP);
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
        registry.add("staffchat.viewers.max-age", () -> "10m");
    }

    @Autowired
    Viewers viewers;

    @Autowired
    EmbeddedKafkaBroker broker;

    String hotel;

    String channel;

    @BeforeEach
    void hotel() {
        hotel = "v-" + UUID.randomUUID().toString().substring(0, 8);
        channel = "private-" + hotel + "-staff-conversation-42";
    }

    @Test
    void aSubscribedStaffMemberIsLookingUntilTheirLastSocketLeaves() {
        assertThat(looking(7L, 8L, 9L)).isEmpty();

        publish(added(channel, "1.1", hotel + ":7", now()));
        publish(added(channel, "1.2", hotel + ":7", now()));
        publish(added(channel, "2.1", hotel + ":8", now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(7L, 8L, 9L).equals(Set.of(7L, 8L)));
        assertThat(looking(9L)).isEmpty();
        assertThat(looking()).isEmpty();

        publish(removed(channel, "1.1", hotel + ":7"));
        publish(removed(channel, "2.1", hotel + ":8"));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(7L, 8L).equals(Set.of(7L)));

        publish(removed(channel, "1.2", hotel + ":7"));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(7L, 8L).isEmpty());
    }

    @Test
    void lookingIsPerHotelAndConversation() {
        String otherHotel = hotel + "x";
        publish(added("private-" + otherHotel + "-staff-conversation-42", "1.1", otherHotel + ":7", now()));
        publish(added("private-" + hotel + "-staff-conversation-43", "1.2", hotel + ":7", now()));
        publish(added(channel, "1.3", hotel + ":8", now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(8L).equals(Set.of(8L)));

        assertThat(looking(7L, 8L)).containsExactly(8L);
        assertThat(viewers.lookingAmong(otherHotel, 42, List.of(7L, 8L)).block())
                .containsExactly(7L);
        assertThat(viewers.lookingAmong(hotel, 43, List.of(7L, 8L)).block()).containsExactly(7L);
    }

    @Test
    void aSubscriptionNotAnnouncedWithinTheMaxAgeIsIgnoredAndARefreshRevivesIt() {
        long elevenMinutesAgo = now() - Duration.ofMinutes(11).toMillis();
        publish(added(channel, "1.1", hotel + ":7", elevenMinutesAgo));
        publish(added(channel, "1.2", hotel + ":8", now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(8L).equals(Set.of(8L)));
        assertThat(looking(7L, 8L))
                .as("7's removal never arrived; its row is stale")
                .containsExactly(8L);

        assertThat(viewers.prune().block()).isGreaterThanOrEqualTo(1);
        publish(added(channel, "1.1", hotel + ":7", now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(7L, 8L).equals(Set.of(7L, 8L)));

        // an older announcement arriving late (a redelivery) does not age a fresher one
        publish(added(channel, "1.1", hotel + ":7", elevenMinutesAgo));
        publish(added(channel, "9.9", hotel + ":9", now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(9L).equals(Set.of(9L)));
        assertThat(looking(7L)).containsExactly(7L);
    }

    @Test
    void otherEventsChannelsAndAppsAreSkipped() {
        publish("{\"id\":\"1-0\",\"app_id\":\"" + APP + "\",\"time_ms\":" + now()
                + ",\"name\":\"channel_occupied\",\"channel\":\"" + channel + "\"}");
        publish(added("private-" + hotel + "-staff-7", "1.1", hotel + ":7", now()));
        publish(added(channel, "1.2", hotel + ":7", now()).replace(APP, "another-app"));
        publish(added(channel, "1.3", hotel + ":8", now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(8L).equals(Set.of(8L)));

        assertThat(looking(7L)).isEmpty();
    }

    @Test
    void unreadableRecordsAndAUserOfAnotherHotelAreDeadLetteredWithTheReason() {
        String dlt = Topics.deadLetter(Topics.PRESENCE);
        try (var deadLetters = KafkaTestSupport.consumer(broker.getBrokersAsString(), dlt)) {
            publish("not json");
            publish(added(channel, "1.1", "", now()).replace(",\"user_id\":\"\"", ""));
            publish(added(channel, "1.2", "elsewhere:7", now()));
            publish(added(channel, "1.3", hotel + ":8", now()));

            List<ConsumerRecord<String, byte[]>> records =
                    KafkaTestSupport.poll(deadLetters, 3, Duration.ofSeconds(30)).stream()
                            .filter(record -> channel.equals(record.key()))
                            .toList();
            assertThat(records).hasSize(3);
            assertThat(records)
                    .extracting(record -> reason(record))
                    .satisfiesExactly(
                            reason -> assertThat(reason).contains("must be a JSON object"),
                            reason -> assertThat(reason).contains("needs user_id"),
                            reason -> assertThat(reason).contains("is not of hotel '" + hotel + "'"));
            assertThat(records).allMatch(record -> "notification-viewers"
                    .equals(new String(
                            record.headers()
                                    .lastHeader(ConsumerAutoConfiguration.CONSUMER_HEADER)
                                    .value(),
                            StandardCharsets.UTF_8)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> looking(8L).equals(Set.of(8L)));
        assertThat(looking(7L)).isEmpty();
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(
                record.headers()
                        .lastHeader(ConsumerAutoConfiguration.REASON_HEADER)
                        .value(),
                StandardCharsets.UTF_8);
    }

    private Set<Long> looking(Long... staffIds) {
        return viewers.lookingAmong(hotel, 42, List.of(staffIds)).block();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String added(String channel, String socketId, String userId, long timeMs) {
        return "{\"id\":\"" + timeMs + "-0\",\"app_id\":\"" + APP + "\",\"time_ms\":" + timeMs
                + ",\"name\":\"subscription_added\",\"channel\":\"" + channel + "\",\"socket_id\":\"" + socketId
                + "\",\"user_id\":\"" + userId + "\"}";
    }

    private static String removed(String channel, String socketId, String userId) {
        return added(channel, socketId, userId, now()).replace("subscription_added", "subscription_removed");
    }

    /** Keyed by channel as realtime-service keys them (this test's records all share one key, so stay in order). */
    private void publish(String value) {
        KafkaTestSupport.send(
                broker.getBrokersAsString(), Topics.PRESENCE, channel, value.getBytes(StandardCharsets.UTF_8));
    }
}

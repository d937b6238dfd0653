package com.staffchat.realtime.fleet;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.SignatureUtil;
import com.staffchat.realtime.RealtimeApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official pusher-java-client, signed in ({@code pusher:signin}), against a fleet node that
 * publishes the presence topic to an embedded Kafka broker: its subscriptions to private channels
 * appear on {@code staffchat.presence} as {@code subscription_added} and {@code subscription_removed}
 * with its socket id and user id, on unsubscribing and on disconnecting; a subscription made before
 * signing in is announced at the sign-in; a client that never signs in is not announced.
 */
@EmbeddedKafka(topics = "staffchat.presence", partitions = 1)
class SubscriptionTopicTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONVERSATION = "private-grand-staff-conversation-42";

    private final FleetRedis redis = new FleetRedis();

    private final List<Pusher> clients = new CopyOnWriteArrayList<>();

    private final List<JsonNode> records = new CopyOnWriteArrayList<>();

    private ConfigurableApplicationContext server;

    private KafkaConsumer<String, String> consumer;

    private int port;

    private int cursor;

    @BeforeEach
    void start(EmbeddedKafkaBroker kafka) {
        server = new SpringApplicationBuilder(RealtimeApplication.class)
                .run(
                        "--server.port=0",
                        "--server.shutdown=immediate",
                        "--management.server.port=-1",
                        "--staffchat.realtime.apps[0].id=" + APP_ID,
                        "--staffchat.realtime.apps[0].key=" + APP_KEY,
                        "--staffchat.realtime.apps[0].secret=" + APP_SECRET,
                        "--staffchat.realtime.fleet.enabled=true",
                        "--staffchat.realtime.fleet.node-id=node-topic",
                        "--staffchat.realtime.fleet.key-prefix=" + redis.prefix(),
                        "--staffchat.realtime.fleet.poll-interval=100ms",
                        "--staffchat.realtime.fleet.publish-presence-topic=true",
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=6379",
                        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString());
        port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.getBrokersAsString(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "subscription-topic-test",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of("staffchat.presence"));
    }

    @AfterEach
    void stop() {
        clients.forEach(Pusher::disconnect);
        consumer.close();
        server.close();
        redis.close();
    }

    @Test
    void aSignedInClientsPrivateSubscriptionsAreOnThePresenceTopicUntilItUnsubscribesOrDisconnects() {
        Pusher alice = connected("grand:7");
        signIn(alice);
        String aliceSocket = alice.getConnection().getSocketId();

        subscribe(alice, CONVERSATION);
        assertThat(next("subscription_added")).isEqualTo(CONVERSATION + " " + aliceSocket + " grand:7");

        alice.unsubscribe(CONVERSATION);
        assertThat(next("subscription_removed")).isEqualTo(CONVERSATION + " " + aliceSocket + " grand:7");

        subscribe(alice, CONVERSATION);
        assertThat(next("subscription_added")).isEqualTo(CONVERSATION + " " + aliceSocket + " grand:7");
        alice.disconnect();
        assertThat(next("subscription_removed")).isEqualTo(CONVERSATION + " " + aliceSocket + " grand:7");

        // bob subscribes first and signs in after: announced at the sign-in
        Pusher bob = connected("grand:8");
        String bobSocket = bob.getConnection().getSocketId();
        subscribe(bob, "private-grand-staff-conversation-43");
        signIn(bob);
        assertThat(next("subscription_added"))
                .isEqualTo("private-grand-staff-conversation-43 " + bobSocket + " grand:8");

        // carol never signs in: her subscription is occupancy only
        Pusher carol = connected("grand:9");
        subscribe(carol, "private-grand-staff-conversation-44");
        bob.disconnect();
        assertThat(next("subscription_removed"))
                .isEqualTo("private-grand-staff-conversation-43 " + bobSocket + " grand:8");
        assertThat(records)
                .filteredOn(record -> record.path("channel").asString().endsWith("-44"))
                .extracting(record -> record.path("name").asString())
                .contains("channel_occupied")
                .doesNotContain("subscription_added", "subscription_removed");
        assertThat(records)
                .filteredOn(record -> record.path("name").asString().startsWith("subscription_a"))
                .allMatch(record -> record.path("app_id").asString().equals(APP_ID)
                        && record.path("time_ms").isIntegralNumber()
                        && !record.path("id").asString().isEmpty());
    }

    /** The channel, socket id and user id of the next record named {@code name} after the last one found. */
    private String next(String name) {
        JsonNode[] found = {null};
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                JsonNode value = JSON.readTree(record.value());
                assertThat(record.key()).isEqualTo(value.path("channel").asString());
                records.add(value);
            });
            for (int i = cursor; i < records.size(); i++) {
                if (records.get(i).path("name").asString().equals(name)) {
                    found[0] = records.get(i);
                    cursor = i + 1;
                    return true;
                }
            }
            return false;
        });
        JsonNode event = found[0];
        return event.path("channel").asString() + " " + event.path("socket_id").asString() + " "
                + event.path("user_id").asString();
    }

    /** A connected client that signs in as {@code userId} when asked ({@link #signIn}). */
    private Pusher connected(String userId) {
        String userData = "{\"id\":\"" + userId + "\"}";
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(port)
                .setUseTLS(false)
                .setUserAuthenticator(socketId -> JSON.writeValueAsString(Map.of(
                        "auth",
                        APP_KEY + ":" + SignatureUtil.sign(socketId + "::user::" + userData, APP_SECRET),
                        "user_data",
                        userData)))
                .setChannelAuthorizer((channel, socketId) -> "{\"auth\":\"" + APP_KEY + ":"
                        + SignatureUtil.sign(socketId + ":" + channel, APP_SECRET) + "\"}");
        Pusher pusher = new Pusher(APP_KEY, options);
        clients.add(pusher);
        pusher.connect();
        await().atMost(WAIT).until(() -> pusher.getConnection().getState() == ConnectionState.CONNECTED);
        return pusher;
    }

    private static void signIn(Pusher pusher) {
        pusher.signin();
        await().atMost(WAIT).until(() -> pusher.user() != null && pusher.user().userId() != null);
    }

    private static void subscribe(Pusher pusher, String channel) {
        List<String> subscribed = new CopyOnWriteArrayList<>();
        pusher.subscribePrivate(channel, new PrivateChannelEventListener() {
            @Override
            public void onEvent(PusherEvent event) {}

            @Override
            public void onSubscriptionSucceeded(String channelName) {
                subscribed.add(channelName);
            }

            @Override
            public void onAuthenticationFailure(String message, Exception e) {}
        });
        await().atMost(WAIT).until(() -> subscribed.contains(channel));
    }
}

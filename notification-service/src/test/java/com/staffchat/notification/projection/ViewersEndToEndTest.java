package com.staffchat.notification.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.util.HttpUserAuthenticator;
import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.notification.realtime.RealtimeServiceProcess;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole path of "looking": a pusher-java-client signed in through this service's own user-auth
 * endpoint ({@code hotel:staffId}) subscribes to a conversation's channel on realtime-service (its
 * executable jar, a fleet node on the local Redis publishing {@code staffchat.presence} to the
 * embedded broker), and {@link Viewers} here, in PostgreSQL, counts them as looking; no longer after
 * they unsubscribe, and no longer after they disconnect. And the same path for people's own
 * channels: an occupied one is in {@link WatchedFeeds}, and only such a person gets an
 * {@code unread-count} after a new message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ViewersEndToEndTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_viewers_e2e");

    static final EmbeddedKafkaBroker BROKER =
            new EmbeddedKafkaKraftBroker(1, 1, Topics.CONVERSATIONS, Topics.STAFF, Topics.PRESENCE);

    static final int REALTIME_PORT = RealtimeServiceProcess.freePort();

    static final String HOTEL = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    static RealtimeServiceProcess realtime;

    static {
        BROKER.afterPropertiesSet();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> RealtimeServiceProcess.apiUrl(REALTIME_PORT));
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
    }

    @BeforeAll
    static void startRealtimeService() throws Exception {
        realtime = new RealtimeServiceProcess(
                REALTIME_PORT,
                List.of(
                        "--staffchat.realtime.fleet.enabled=true",
                        "--staffchat.realtime.fleet.key-prefix=rt-viewers-" + UUID.randomUUID(),
                        "--staffchat.realtime.fleet.poll-interval=100ms",
                        "--staffchat.realtime.fleet.publish-presence-topic=true",
                        "--staffchat.realtime.fleet.vacate-grace=200ms",
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=6379",
                        "--spring.kafka.bootstrap-servers=" + BROKER.getBrokersAsString()));
        realtime.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (realtime != null) {
            realtime.close();
        }
        BROKER.destroy();
    }

    @LocalServerPort
    int port;

    @Autowired
    Viewers viewers;

    @Autowired
    WatchedFeeds feeds;

    @Autowired
    Projection projection;

    final List<Pusher> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void aSignedInClientOnTheConversationChannelIsLookingUntilItUnsubscribesOrDisconnects() {
        String conversation = "private-" + HOTEL + "-staff-conversation-42";
        Pusher alice = signedIn(7);
        Pusher bob = signedIn(8);
        subscribe(bob, "private-" + HOTEL + "-staff-8"); // his own feed: not a conversation

        subscribe(alice, conversation);
        await().atMost(Duration.ofSeconds(30)).until(() -> looking(7L, 8L).equals(Set.of(7L)));

        alice.unsubscribe(conversation);
        await().atMost(Duration.ofSeconds(30)).until(() -> looking(7L, 8L).isEmpty());

        subscribe(alice, conversation);
        subscribe(bob, conversation);
        await().atMost(Duration.ofSeconds(30)).until(() -> looking(7L, 8L).equals(Set.of(7L, 8L)));

        alice.disconnect();
        await().atMost(Duration.ofSeconds(30)).until(() -> looking(7L, 8L).equals(Set.of(8L)));
        assertThat(viewers.lookingAmong(HOTEL, 43, List.of(7L, 8L)).block()).isEmpty();
    }

    @Test
    void anUnreadCountAfterANewMessageGoesToWhoeverHasTheirOwnChannelOpenUntilTheyCloseIt() throws Exception {
        long conversation = 44;
        String bobsChannel = "private-" + HOTEL + "-staff-8";
        Pusher bob = signedIn(8);
        BlockingQueue<PusherEvent> bobsEvents = new LinkedBlockingQueue<>();
        subscribe(bob, bobsChannel, bobsEvents);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> feeds.isWatched(HOTEL, 8).block());
        assertThat(feeds.isWatched(HOTEL, 9).block()).isFalse();

        publish(new ConversationCreated(
                conversation, ConversationKind.GROUP, "Pool", 7, List.of(7L, 8L, 9L), Instant.now()));
        publish(new MessageSent(
                44_001L,
                conversation,
                1,
                7,
                "Towels to the pool, please",
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                Instant.now(),
                null,
                null));

        PusherEvent count = bobsEvents.poll(30, TimeUnit.SECONDS);
        assertThat(count).as("unread-count on Bob's open channel within 30 s").isNotNull();
        assertThat(count.getEventName()).isEqualTo("unread-count");
        var data = tools.jackson.databind.json.JsonMapper.builder().build().readTree(count.getData());
        assertThat(data.get("conversationId").asLong()).isEqualTo(conversation);
        assertThat(data.get("unreadCount").asLong()).isEqualTo(1);
        assertThat(data.get("totalUnreadCount").asLong()).isEqualTo(1);
        assertThat(projection
                        .recipientsOf(
                                List.of(new Projection.Conversation(HOTEL, conversation)),
                                100,
                                Projection.Who.UNREAD_WATCHING)
                        .block()
                        .get(0)
                        .participants())
                .as("9 has it unread too, but no screen of theirs is open: no event for them")
                .extracting(Recipient::staffId)
                .containsExactly(8L);

        bob.unsubscribe(bobsChannel);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !feeds.isWatched(HOTEL, 8).block());
    }

    private void publish(EventPayload event) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap("message-service", HOTEL, event);
        KafkaTestSupport.send(
                BROKER.getBrokersAsString(), Topics.CONVERSATIONS, envelope.key(), new EventCodec().encode(envelope));
    }

    private Set<Long> looking(Long... staffIds) {
        return viewers.lookingAmong(HOTEL, 42, List.of(staffIds)).block();
    }

    /** Connected and signed in through POST /api/v1/realtime/user-auth with the person's token. */
    private Pusher signedIn(long staffId) {
        HttpUserAuthenticator users =
                new HttpUserAuthenticator("http://127.0.0.1:" + port + "/api/v1/realtime/user-auth");
        users.setHeaders(Map.of("Authorization", "Bearer " + TestTokens.staff(staffId, HOTEL)));
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(REALTIME_PORT)
                .setUseTLS(false)
                .setUserAuthenticator(users)
                // channel authorisation is not what this test is about: signed with the app secret
                .setChannelAuthorizer((channel, socketId) ->
                        "{\"auth\":\"" + RealtimeServiceProcess.KEY + ":" + hmac(socketId + ":" + channel) + "\"}");
        Pusher pusher = new Pusher(RealtimeServiceProcess.KEY, options);
        clients.add(pusher);
        pusher.connect();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pusher.getConnection().getState() == ConnectionState.CONNECTED);
        pusher.signin();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pusher.user() != null
                        && (HOTEL + ":" + staffId).equals(pusher.user().userId()));
        return pusher;
    }

    private static void subscribe(Pusher pusher, String channel) {
        subscribe(pusher, channel, new LinkedBlockingQueue<>());
    }

    private static void subscribe(Pusher pusher, String channel, BlockingQueue<PusherEvent> events) {
        List<String> subscribed = new CopyOnWriteArrayList<>();
        PrivateChannelEventListener listener = new PrivateChannelEventListener() {
            @Override
            public void onEvent(PusherEvent event) {
                events.add(event);
            }

            @Override
            public void onSubscriptionSucceeded(String channelName) {
                subscribed.add(channelName);
            }

            @Override
            public void onAuthenticationFailure(String message, Exception e) {}
        };
        pusher.subscribePrivate(channel, listener, "unread-count");
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribed.contains(channel));
    }

    private static String hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(RealtimeServiceProcess.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

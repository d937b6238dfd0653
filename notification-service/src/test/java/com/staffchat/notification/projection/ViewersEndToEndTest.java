package com.staffchat.notification.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.util.HttpUserAuthenticator;
import com.staffchat.events.Topics;
import com.staffchat.notification.realtime.RealtimeServiceProcess;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * they unsubscribe, and no longer after they disconnect.
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

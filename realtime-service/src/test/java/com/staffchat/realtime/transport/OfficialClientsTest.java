package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.client.util.HttpChannelAuthorizer;
import com.pusher.rest.data.Result;
import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.RealtimeServerTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The official Pusher libraries, unchanged, against this server: pusher-java-client 2.4.4 and pusher-http-java 1.3.4. */
@RealtimeServerTest
class OfficialClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    private int port;

    private AuthEndpoint authEndpoint;

    private final List<Pusher> clients = new CopyOnWriteArrayList<>();

    private com.pusher.rest.Pusher server;

    @BeforeEach
    void start() throws Exception {
        authEndpoint = new AuthEndpoint(APP_KEY, APP_SECRET);
        server = new com.pusher.rest.Pusher(
                "http://" + APP_KEY + ":" + APP_SECRET + "@127.0.0.1:" + port + "/apps/" + APP_ID);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(Pusher::disconnect);
        server.close();
        authEndpoint.close();
    }

    @Test
    void eventTriggeredWithPusherHttpJavaReachesAPrivateChannelSubscriberWithTheExactData() throws Exception {
        Pusher client = connectedClient(authEndpoint.url(), new CompletableFuture<>());
        BlockingQueue<PusherEvent> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> subscribed = new CompletableFuture<>();
        client.subscribePrivate(
                "private-hotel-1-front-desk", new PrivateListener(subscribed, received), "message-sent");
        assertThat(subscribed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("private-hotel-1-front-desk");

        Result result =
                server.trigger("private-hotel-1-front-desk", "message-sent", Map.of("text", "Room 12 needs towels"));

        assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(Result.Status.SUCCESS);
        assertThat(result.getHttpStatus()).isEqualTo(200);
        PusherEvent event = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.getEventName()).isEqualTo("message-sent");
        assertThat(event.getChannelName()).isEqualTo("private-hotel-1-front-desk");
        assertThat(event.getData()).isEqualTo("{\"text\":\"Room 12 needs towels\"}");
    }

    @Test
    void pusherHttpJavaSeesARefusalAsAnError() throws Exception {
        com.pusher.rest.Pusher wrongSecret = new com.pusher.rest.Pusher(
                "http://" + APP_KEY + ":not-the-secret@127.0.0.1:" + port + "/apps/" + APP_ID);
        try {
            Result result = wrongSecret.trigger("hotel-1", "message-sent", Map.of("text", "hi"));

            assertThat(result.getStatus()).isEqualTo(Result.Status.AUTHENTICATION_ERROR);
            assertThat(result.getHttpStatus()).isEqualTo(401);
        } finally {
            wrongSecret.close();
        }
    }

    @Test
    void refusedSubscriptionReachesTheJavaClientsErrorListenerWithCode4009() throws Exception {
        CompletableFuture<String> errorCode = new CompletableFuture<>();
        Pusher client = connectedClient(
                new HttpChannelAuthorizer(authEndpoint.url()) {
                    @Override
                    public String authorize(String channelName, String socketId) {
                        return "{\"auth\":\"" + APP_KEY + ":" + "0".repeat(64) + "\"}";
                    }
                },
                errorCode);
        CompletableFuture<String> subscribed = new CompletableFuture<>();
        client.subscribePrivate("private-hotel-1-office", new PrivateListener(subscribed, new LinkedBlockingQueue<>()));

        assertThat(errorCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("4009");
        assertThat(subscribed).isNotDone();
    }

    @Test
    void presenceChannelGivesTheRosterAndFollowsMembersComingAndGoing() throws Exception {
        String channel = "presence-hotel-1-housekeeping";
        Pusher alice = connectedClient(authEndpoint.presenceUrl("alice"), new CompletableFuture<>());
        PresenceListener aliceListener = new PresenceListener();
        alice.subscribePresence(channel, aliceListener);
        assertThat(aliceListener.roster.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly("alice");

        Pusher bob = connectedClient(authEndpoint.presenceUrl("bob"), new CompletableFuture<>());
        PresenceListener bobListener = new PresenceListener();
        bob.subscribePresence(channel, bobListener);

        assertThat(bobListener.roster.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("alice", "bob");
        await().atMost(WAIT).until(() -> aliceListener.added.contains("bob"));
        assertThat(bob.getPresenceChannel(channel).getUsers())
                .extracting(User::getInfo)
                .contains("{\"name\":\"alice\"}", "{\"name\":\"bob\"}");

        bob.disconnect();

        await().atMost(WAIT).until(() -> aliceListener.removed.contains("bob"));
    }

    private Pusher connectedClient(String authUrl, CompletableFuture<String> errorCode) throws Exception {
        return connectedClient(new HttpChannelAuthorizer(authUrl), errorCode);
    }

    private Pusher connectedClient(HttpChannelAuthorizer authorizer, CompletableFuture<String> errorCode)
            throws Exception {
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(port)
                .setUseTLS(false)
                .setChannelAuthorizer(authorizer);
        Pusher client = new Pusher(APP_KEY, options);
        clients.add(client);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        client.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        if (change.getCurrentState() == ConnectionState.CONNECTED) {
                            connected.complete(null);
                        }
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {
                        errorCode.complete(code);
                    }
                },
                ConnectionState.ALL);
        connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(client.getConnection().getSocketId()).matches("\\d+\\.\\d+");
        return client;
    }

    private record PrivateListener(CompletableFuture<String> subscribed, BlockingQueue<PusherEvent> received)
            implements PrivateChannelEventListener {

        @Override
        public void onSubscriptionSucceeded(String channelName) {
            subscribed.complete(channelName);
        }

        @Override
        public void onAuthenticationFailure(String message, Exception e) {
            subscribed.completeExceptionally(new AssertionError(message, e));
        }

        @Override
        public void onEvent(PusherEvent event) {
            received.add(event);
        }
    }

    private static final class PresenceListener implements PresenceChannelEventListener {

        final CompletableFuture<Set<String>> roster = new CompletableFuture<>();

        final Set<String> added = java.util.concurrent.ConcurrentHashMap.newKeySet();

        final Set<String> removed = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void onUsersInformationReceived(String channelName, Set<User> users) {
            roster.complete(users.stream().map(User::getId).collect(Collectors.toSet()));
        }

        @Override
        public void userSubscribed(String channelName, User user) {
            added.add(user.getId());
        }

        @Override
        public void userUnsubscribed(String channelName, User user) {
            removed.add(user.getId());
        }

        @Override
        public void onAuthenticationFailure(String message, Exception e) {
            roster.completeExceptionally(new AssertionError(message, e));
        }

        @Override
        public void onSubscriptionSucceeded(String channelName) {}

        @Override
        public void onEvent(PusherEvent event) {}
    }
}

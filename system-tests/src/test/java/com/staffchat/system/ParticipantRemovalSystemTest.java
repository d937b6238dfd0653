package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.client.util.HttpChannelAuthorizer;
import com.pusher.client.util.HttpUserAuthenticator;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Issue 17: a removed participant loses the conversation's channel. Zero, signed in with a
 * pusher-java-client and subscribed to the group's channel through the gateway, is removed by the
 * group's admin through the gateway: his client sees the {@code participants-changed}, then its
 * connection is ended; connecting again, the channel's authorization is refused, and the API
 * answers 404.
 */
class ParticipantRemovalSystemTest {

    static StaffChatSystem system;

    final List<Pusher> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSystem() throws Exception {
        system = StaffChatSystem.shared();
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void aRemovedParticipantLosesTheConversationsChannel() {
        String hotel = "rm-" + UUID.randomUUID().toString().substring(0, 8);
        String gustave = TestTokens.manager(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        WebTestClient api = WebTestClient.bindToServer()
                .baseUrl(system.gateway.url())
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        api.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(gustave))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "staff",
                        List.of(
                                Map.of("id", 1, "displayName", "M. Gustave"),
                                Map.of("id", 2, "displayName", "Zero Moustafa"))))
                .exchange()
                .expectStatus()
                .isOk();
        Map<?, ?> created = api.post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(gustave))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "GROUP", "title", "Lobby", "participantIds", List.of(2)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long conversation = ((Number) created.get("id")).longValue();
        String channel = "private-" + hotel + "-staff-conversation-" + conversation;

        Pusher pusher = signIn(zero);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pusher.user() != null
                        && (hotel + ":2").equals(pusher.user().userId()));
        ConcurrentLinkedQueue<PusherEvent> received = new ConcurrentLinkedQueue<>();
        List<String> outcome = new CopyOnWriteArrayList<>();
        subscribe(pusher, channel, received, outcome);
        await().atMost(Duration.ofSeconds(20)).until(() -> outcome.contains("subscribed"));

        api.delete()
                .uri("/api/v1/conversations/{id}/participants/2", conversation)
                .headers(h -> h.setBearerAuth(gustave))
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> pusher.getConnection().getState() == ConnectionState.DISCONNECTED);
        assertThat(received).extracting(PusherEvent::getEventName).contains("participants-changed");

        // the API and the channel's authorization refuse him from now on
        api.get()
                .uri("/api/v1/conversations/{id}", conversation)
                .headers(h -> h.setBearerAuth(zero))
                .exchange()
                .expectStatus()
                .isNotFound();
        api.post()
                .uri("/api/v1/realtime/auth")
                .headers(h -> h.setBearerAuth(zero))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("socket_id", "1.2").with("channel_name", channel))
                .exchange()
                .expectStatus()
                .isForbidden();
        Pusher again = signIn(zero);
        List<String> secondTry = new CopyOnWriteArrayList<>();
        subscribe(again, channel, new ConcurrentLinkedQueue<>(), secondTry);
        await().atMost(Duration.ofSeconds(20)).until(() -> !secondTry.isEmpty());
        assertThat(secondTry).containsExactly("refused");
        // and a message sent after he left never reaches him
        api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(gustave))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "Zero has left the lobby"))
                .exchange()
                .expectStatus()
                .isCreated();
        // the only message that reached him is the system message of his own removal (the same commit)
        assertThat(received)
                .filteredOn(e -> e.getEventName().equals("new-message"))
                .allSatisfy(e -> assertThat(e.getData())
                        .contains("\"kind\":\"SYSTEM\"", "PARTICIPANTS_REMOVED")
                        .doesNotContain("Zero has left the lobby"));
    }

    private Pusher signIn(String token) {
        HttpUserAuthenticator users = new HttpUserAuthenticator(system.gateway.url() + "/api/v1/realtime/user-auth");
        users.setHeaders(Map.of("Authorization", "Bearer " + token));
        HttpChannelAuthorizer channels = new HttpChannelAuthorizer(system.gateway.url() + "/api/v1/realtime/auth");
        channels.setHeaders(Map.of("Authorization", "Bearer " + token));
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(system.realtime.port)
                .setUseTLS(false)
                .setUserAuthenticator(users)
                .setChannelAuthorizer(channels);
        Pusher pusher = new Pusher(StaffChatSystem.PUSHER_KEY, options);
        clients.add(pusher);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        pusher.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        states.add(change.getCurrentState());
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {}
                },
                ConnectionState.ALL);
        await().atMost(Duration.ofSeconds(20)).until(() -> states.contains(ConnectionState.CONNECTED));
        pusher.signin();
        return pusher;
    }

    private static void subscribe(
            Pusher pusher, String channel, ConcurrentLinkedQueue<PusherEvent> received, List<String> outcome) {
        pusher.subscribePrivate(
                channel,
                new PrivateChannelEventListener() {
                    @Override
                    public void onEvent(PusherEvent event) {
                        received.add(event);
                    }

                    @Override
                    public void onSubscriptionSucceeded(String channelName) {
                        outcome.add("subscribed");
                    }

                    @Override
                    public void onAuthenticationFailure(String message, Exception e) {
                        outcome.add("refused");
                    }
                },
                "participants-changed",
                "new-message");
    }
}

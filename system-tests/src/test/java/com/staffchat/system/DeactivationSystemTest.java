package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Issue 14: a deactivated person kept full access. Now: their signed-in pusher-java-client is
 * disconnected (terminate_connections), and every service answers them 403, until a manager
 * reactivates them.
 */
class DeactivationSystemTest {

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

    static WebTestClient client(String baseUrl) {
        return WebTestClient.bindToServer()
                .baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    void setActive(WebTestClient api, String manager, long staffId, boolean active) {
        api.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(manager))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "staff", List.of(Map.of("id", staffId, "displayName", "Zero Moustafa", "active", active))))
                .exchange()
                .expectStatus()
                .isOk();
    }

    WebTestClient.ResponseSpec send(WebTestClient api, String token, long conversation) {
        return api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "Lobby boy reporting"))
                .exchange();
    }

    WebTestClient.ResponseSpec userAuth(WebTestClient api, String token) {
        return api.post()
                .uri("/api/v1/realtime/user-auth")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("socket_id", "1.2"))
                .exchange();
    }

    WebTestClient.ResponseSpec channelAuth(WebTestClient api, String token, String channel) {
        return api.post()
                .uri("/api/v1/realtime/auth")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("socket_id", "1.2").with("channel_name", channel))
                .exchange();
    }

    static void deactivated(WebTestClient.ResponseSpec response) {
        response.expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/deactivated");
    }

    Pusher signIn(String token, List<ConnectionState> states) {
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

    @Test
    void aDeactivatedPersonIsDisconnectedAndRefusedByEveryServiceUntilReactivated() {
        String hotel = "deact-" + UUID.randomUUID().toString().substring(0, 8);
        String manager = TestTokens.manager(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        WebTestClient api = client(system.gateway.url());
        api.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(manager))
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
                .headers(h -> h.setBearerAuth(manager))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "GROUP", "title", "Lobby", "participantIds", List.of(2)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long conversation = ((Number) created.get("id")).longValue();
        send(api, zero, conversation).expectStatus().isCreated();

        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        Pusher pusher = signIn(zero, states);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> (hotel + ":2").equals(pusher.user().userId()));

        setActive(api, manager, 2, false);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> pusher.getConnection().getState() == ConnectionState.DISCONNECTED);
        String conversationChannel = "private-" + hotel + "-staff-conversation-" + conversation;
        // through the gateway, and straight at each service (none is softer than the gateway)
        for (String base : List.of(system.gateway.url(), system.message.url())) {
            deactivated(send(client(base), zero, conversation));
            deactivated(client(base)
                    .get()
                    .uri("/api/v1/conversations/{id}/messages", conversation)
                    .headers(h -> h.setBearerAuth(zero))
                    .exchange());
        }
        for (String base : List.of(system.gateway.url(), system.notification.url())) {
            deactivated(channelAuth(client(base), zero, conversationChannel));
            deactivated(channelAuth(client(base), zero, "private-" + hotel + "-staff-2"));
            deactivated(userAuth(client(base), zero));
        }
        deactivated(client(system.attachment.url())
                .get()
                .uri("/api/v1/attachments/{id}/url", UUID.randomUUID())
                .headers(h -> h.setBearerAuth(zero))
                .exchange());
        send(api, manager, conversation).expectStatus().isCreated();

        setActive(api, manager, 2, true);
        send(api, zero, conversation).expectStatus().isCreated();
        userAuth(api, zero).expectStatus().isOk();
        channelAuth(api, zero, conversationChannel).expectStatus().isOk();
        List<ConnectionState> again = new CopyOnWriteArrayList<>();
        Pusher back = signIn(zero, again);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> (hotel + ":2").equals(back.user().userId()));
        assertThat(back.getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
    }
}

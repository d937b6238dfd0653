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
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton end to end: every service as its own process, an embedded KRaft broker,
 * the local PostgreSQL, realtime-service, and the official pusher-java-client subscribing through
 * the gateway's channel-auth endpoint.
 */
class MessagePipelineSystemTest {

    static StaffChatSystem system;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final List<Pusher> clients = new java.util.ArrayList<>();
    String hotel;
    WebTestClient api;

    @BeforeAll
    static void startSystem() throws Exception {
        system = StaffChatSystem.shared();
    }

    @BeforeEach
    void seedHotel() {
        api = WebTestClient.bindToServer()
                .baseUrl(system.gateway.url())
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        hotel = "sys-" + UUID.randomUUID().toString().substring(0, 8);
        api.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(TestTokens.manager(1, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "staff",
                        List.of(
                                Map.of("id", 1, "displayName", "M. Gustave", "department", "management"),
                                Map.of("id", 2, "displayName", "Zero Moustafa", "department", "lobby"),
                                Map.of("id", 3, "displayName", "Agatha", "department", "kitchen"))))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void messagePostedThroughTheGatewayArrivesAtTheSubscribedPusherClient() throws Exception {
        long conversation = createGroup(TestTokens.staff(1, hotel), 2);
        String channel = "private-" + hotel + "-staff-conversation-" + conversation;

        Subscription zero = subscribe(TestTokens.staff(2, hotel), channel);
        assertThat(zero.outcome.get(20, TimeUnit.SECONDS)).isEqualTo("subscribed");

        Map<?, ?> sent = api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "Lobby boy, to the front desk please", "clientId", "c-1"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();

        PusherEvent event = zero.events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("new-message within 20 s").isNotNull();
        assertThat(event.getEventName()).isEqualTo("new-message");
        assertThat(event.getChannelName()).isEqualTo(channel);
        Map<?, ?> data = JSON.readValue(event.getData(), Map.class);
        assertThat(((Number) data.get("id")).longValue()).isEqualTo(((Number) sent.get("id")).longValue());
        assertThat(data.get("seq")).isEqualTo(1);
        assertThat(data.get("body")).isEqualTo("Lobby boy, to the front desk please");
        assertThat(data.get("senderId")).isEqualTo(1);
        assertThat(data.get("conversationId")).isEqualTo(sent.get("conversationId"));
        assertThat(data.get("clientId")).isEqualTo("c-1");
    }

    @Test
    void clientOfAnotherHotelIsRefusedTheSubscription() throws Exception {
        long conversation = createGroup(TestTokens.staff(1, hotel), 2);
        String channel = "private-" + hotel + "-staff-conversation-" + conversation;
        String otherHotel = "other-" + UUID.randomUUID().toString().substring(0, 8);

        Subscription intruder = subscribe(TestTokens.staff(2, otherHotel), channel);
        assertThat(intruder.outcome.get(20, TimeUnit.SECONDS)).startsWith("refused");

        Subscription outsider = subscribe(TestTokens.staff(3, hotel), channel);
        assertThat(outsider.outcome.get(20, TimeUnit.SECONDS))
                .as("same hotel, not a participant")
                .startsWith("refused");
    }

    @Test
    void refusalsThroughTheGatewayAreProblems() {
        long conversation = createGroup(TestTokens.staff(1, hotel), 2);
        api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "no token"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, "elsewhere")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", "wrong hotel"))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, hotel)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"body\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.get()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(TestTokens.staff(1, hotel)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages.length()")
                .isEqualTo(0);
    }

    private long createGroup(String token, long... others) {
        Map<?, ?> body = api.post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "kind",
                        "GROUP",
                        "title",
                        "Front desk",
                        "participantIds",
                        java.util.Arrays.stream(others).boxed().toList()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    record Subscription(CompletableFuture<String> outcome, BlockingQueue<PusherEvent> events) {}

    private Subscription subscribe(String token, String channel) {
        HttpChannelAuthorizer authorizer = new HttpChannelAuthorizer(system.gateway.url() + "/api/v1/realtime/auth");
        authorizer.setHeaders(Map.of("Authorization", "Bearer " + token));
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(system.realtime.port)
                .setUseTLS(false)
                .setChannelAuthorizer(authorizer);
        Pusher pusher = new Pusher(StaffChatSystem.PUSHER_KEY, options);
        clients.add(pusher);
        CompletableFuture<String> connected = new CompletableFuture<>();
        pusher.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        if (change.getCurrentState() == ConnectionState.CONNECTED) {
                            connected.complete("connected");
                        }
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {
                        connected.completeExceptionally(new IllegalStateException(message + " " + code, e));
                    }
                },
                ConnectionState.ALL);
        connected.orTimeout(20, TimeUnit.SECONDS).join();

        CompletableFuture<String> outcome = new CompletableFuture<>();
        BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
        pusher.subscribePrivate(
                channel,
                new PrivateChannelEventListener() {
                    @Override
                    public void onEvent(PusherEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onSubscriptionSucceeded(String channelName) {
                        outcome.complete("subscribed");
                    }

                    @Override
                    public void onAuthenticationFailure(String message, Exception e) {
                        outcome.complete("refused: " + message);
                    }
                },
                "new-message");
        await().atMost(Duration.ofSeconds(20)).until(outcome::isDone);
        return new Subscription(outcome, events);
    }
}

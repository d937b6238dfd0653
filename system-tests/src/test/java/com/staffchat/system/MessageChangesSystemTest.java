package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Issue 16's live events end to end: API calls through the gateway, and a pusher-java-client
 * subscribed through the gateway's channel auth receiving what a screen needs without refetching.
 * An edit ({@code message-edited}), a reaction ({@code message-reaction}) and a delete
 * ({@code message-deleted}) on the conversation channel; a read ({@code messages-read} on the
 * conversation, {@code unread-count} on the reader's own channel). One system for all of them.
 */
class MessageChangesSystemTest {

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
                                Map.of(
                                        "id",
                                        2,
                                        "displayName",
                                        "Zero Moustafa",
                                        "department",
                                        "lobby",
                                        "handle",
                                        "zero"))))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void aReadReachesTheConversationAndTheReadersOwnChannel() throws Exception {
        String gustave = TestTokens.staff(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        long conversation = createGroup(gustave, 2);
        String conversationChannel = "private-" + hotel + "-staff-conversation-" + conversation;
        String zerosChannel = "private-" + hotel + "-staff-2";

        // Gustave watches the conversation; Zero's other device watches Zero's own channel
        BlockingQueue<PusherEvent> onConversation = subscribe(gustave, conversationChannel, "messages-read");
        BlockingQueue<PusherEvent> onZerosChannel = subscribe(zero, zerosChannel, "unread-count");

        long first = send(gustave, conversation, "Lobby boy, to the front desk please");
        send(gustave, conversation, "And bring the luggage cart");

        Map<String, Object> read = post(zero, "/api/v1/conversations/" + conversation + "/read", "{\"seq\":1}");
        assertThat(read)
                .containsEntry("lastReadSeq", 1)
                .containsEntry("unreadCount", 1)
                .containsEntry("totalUnreadCount", 1)
                .containsEntry("moved", true);

        PusherEvent readEvent = onConversation.poll(20, TimeUnit.SECONDS);
        assertThat(readEvent).as("messages-read within 20 s").isNotNull();
        assertThat(readEvent.getEventName()).isEqualTo("messages-read");
        Map<String, Object> readData = json(readEvent);
        assertThat(((Number) readData.get("conversationId")).longValue()).isEqualTo(conversation);
        assertThat(readData).containsEntry("staffId", 2).containsEntry("lastReadSeq", 1);
        assertThat(readData.get("readAt")).isNotNull();

        // Zero's channel first counts the two new messages (lastReadSeq 0; one event or two, as the batches fell),
        // then the read
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        PusherEvent unread = null;
        Map<String, Object> unreadData = null;
        while (unread == null) {
            PusherEvent next = onZerosChannel.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(next).as("unread-count after the read within 20 s").isNotNull();
            assertThat(next.getEventName()).isEqualTo("unread-count");
            assertThat(next.getChannelName()).isEqualTo(zerosChannel);
            Map<String, Object> data = json(next);
            if (((Number) data.get("lastReadSeq")).longValue() == 1) {
                unread = next;
                unreadData = data;
            } else {
                assertThat(data).as("a count after a new message").containsEntry("lastReadSeq", 0);
                assertThat(((Number) data.get("unreadCount")).longValue()).isBetween(1L, 2L);
            }
        }
        assertThat(((Number) unreadData.get("conversationId")).longValue()).isEqualTo(conversation);
        assertThat(unreadData)
                .containsEntry("lastReadSeq", 1)
                .containsEntry("unreadCount", 1)
                .containsEntry("totalUnreadCount", 1);

        // what the events said, the API says too (through the gateway's routes)
        Map<String, Object> receipts = get(gustave, "/api/v1/messages/" + first + "/receipts");
        assertThat(receipts).containsEntry("readCount", 1).containsEntry("notReadCount", 0);
        assertThat(((Map<?, ?>) ((List<?>) receipts.get("readBy")).get(0)).get("readAt"))
                .isEqualTo(readData.get("readAt"));
        assertThat(get(zero, "/api/v1/unread")).containsEntry("totalUnreadCount", 1);
    }

    @Test
    void anEditAReactionAndADeleteReachTheConversationChannelWithWhatTheScreenNeeds() throws Exception {
        String gustave = TestTokens.staff(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        long conversation = createGroup(gustave, 2);
        String channel = "private-" + hotel + "-staff-conversation-" + conversation;
        BlockingQueue<PusherEvent> onConversation =
                subscribe(zero, channel, "message-edited", "message-reaction", "message-deleted");
        long id = send(gustave, conversation, "Room 12 needs towels");

        Map<String, Object> edited = exchange(
                api.patch().uri("/api/v1/messages/{id}", id), gustave, "{\"body\":\"Room 14 needs towels @zero\"}");
        PusherEvent edit = next(onConversation, "message-edited");
        Map<String, Object> editData = json(edit);
        assertThat(((Number) editData.get("id")).longValue()).isEqualTo(id);
        assertThat(editData)
                .containsEntry("seq", 1)
                .containsEntry("body", "Room 14 needs towels @zero")
                .containsEntry("mentions", List.of(2))
                .containsEntry("editedAt", edited.get("editedAt"));

        exchange(api.post().uri("/api/v1/messages/{id}/reactions", id), zero, "{\"emoji\":\"👍\"}");
        Map<String, Object> reaction = json(next(onConversation, "message-reaction"));
        assertThat(((Number) reaction.get("messageId")).longValue()).isEqualTo(id);
        assertThat(reaction)
                .containsEntry("seq", 1)
                .containsEntry("staffId", 2)
                .containsEntry("emoji", "👍")
                .containsEntry("action", "added");
        Map<?, ?> thumbs = (Map<?, ?>) ((List<?>) reaction.get("reactions")).get(0);
        assertThat(thumbs.get("emoji")).isEqualTo("👍");
        assertThat(thumbs.get("count")).isEqualTo(1);

        api.delete()
                .uri("/api/v1/messages/{id}", id)
                .headers(h -> h.setBearerAuth(gustave))
                .exchange()
                .expectStatus()
                .isNoContent();
        Map<String, Object> deleted = json(next(onConversation, "message-deleted"));
        assertThat(((Number) deleted.get("id")).longValue()).isEqualTo(id);
        assertThat(deleted)
                .containsEntry("seq", 1)
                .containsEntry("mode", "SOFT")
                .containsEntry("body", "[Message deleted]");
        assertThat(deleted.get("deletedAt")).isNotNull();
        // and the API agrees: the placeholder keeps its place
        Map<String, Object> listed = get(zero, "/api/v1/conversations/" + conversation + "/messages");
        Map<?, ?> placeholder = (Map<?, ?>) ((List<?>) listed.get("messages")).get(0);
        assertThat(placeholder.get("body")).isEqualTo("[Message deleted]");
        assertThat(placeholder.get("reactions")).isEqualTo(List.of());
    }

    private static PusherEvent next(BlockingQueue<PusherEvent> events, String name) throws InterruptedException {
        PusherEvent event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as(name + " within 20 s").isNotNull();
        assertThat(event.getEventName()).isEqualTo(name);
        return event;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> exchange(WebTestClient.RequestBodySpec request, String token, String json) {
        return request.headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
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

    private long send(String token, long conversation, String text) {
        Map<?, ?> sent = api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", text))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) sent.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(PusherEvent event) {
        return JSON.readValue(event.getData(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String token, String path, String json) {
        return api.post()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aSentMessageIsFoundBySearchThroughTheGatewayByItsWordsWithoutTheirAccents() {
        String gustave = TestTokens.staff(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        long conversation = createGroup(gustave, 2);
        long id = send(gustave, conversation, "Die Handtücher für Zimmer 12, bitte");
        send(gustave, conversation, "Und den Kofferwagen");

        Map<String, Object> page = get(zero, "/api/v1/search?q=handtucher zimmer");
        List<?> results = (List<?>) page.get("results");
        assertThat(results).hasSize(1);
        Map<?, ?> hit = (Map<?, ?>) results.get(0);
        assertThat(((Number) hit.get("messageId")).longValue()).isEqualTo(id);
        assertThat(((Number) hit.get("conversationId")).longValue()).isEqualTo(conversation);
        Map<?, ?> snippet = (Map<?, ?>) hit.get("snippet");
        assertThat(snippet.get("text")).isEqualTo("Die Handtücher für Zimmer 12, bitte");
        assertThat(snippet.get("highlights"))
                .isEqualTo(List.of(Map.of("start", 4, "end", 14), Map.of("start", 19, "end", 25)));
        assertThat(page.get("nextCursor")).isNull();
    }

    private Map<String, Object> get(String token, String path) {
        return api.get()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** A pusher-java-client of {@code token}'s person, subscribed through the gateway's channel auth. */
    private BlockingQueue<PusherEvent> subscribe(String token, String channel, String... eventNames) {
        HttpChannelAuthorizer authorizer = new HttpChannelAuthorizer(system.gateway.url() + "/api/v1/realtime/auth");
        authorizer.setHeaders(Map.of("Authorization", "Bearer " + token));
        Pusher pusher = new Pusher(
                StaffChatSystem.PUSHER_KEY,
                new PusherOptions()
                        .setHost("127.0.0.1")
                        .setWsPort(system.realtime.port)
                        .setUseTLS(false)
                        .setChannelAuthorizer(authorizer));
        clients.add(pusher);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        pusher.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        if (change.getCurrentState() == ConnectionState.CONNECTED) {
                            connected.complete(null);
                        }
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {
                        connected.completeExceptionally(new IllegalStateException(message + " " + code, e));
                    }
                },
                ConnectionState.ALL);
        connected.orTimeout(20, TimeUnit.SECONDS).join();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
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
                        subscribed.complete(null);
                    }

                    @Override
                    public void onAuthenticationFailure(String message, Exception e) {
                        subscribed.completeExceptionally(new IllegalStateException(message, e));
                    }
                },
                eventNames);
        subscribed.orTimeout(20, TimeUnit.SECONDS).join();
        return events;
    }
}

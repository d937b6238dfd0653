package com.staffchat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Pusher-protocol connection to realtime-service (protocol 7, as pusher-js speaks it) on the
 * JDK's non-blocking WebSocket client: it learns its socket id, subscribes to private channels
 * with an auth signature got elsewhere, answers {@code pusher:ping}, and hands every
 * {@code new-message} to a listener with the time it was read. No thread of its own.
 */
final class PusherSubscriber implements WebSocket.Listener {

    /** A {@code new-message} frame's data, read off the frame when it arrived. */
    record NewMessage(String channel, long id, long conversationId, long seq, String clientId, long receivedNanos) {}

    /** Where new messages go; called on the WebSocket client's threads, so it must be quick and thread-safe. */
    interface Listener {
        void newMessage(PusherSubscriber subscriber, NewMessage message);
    }

    /**
     * Where a conversation channel's other events go ({@code attachment-updated}, read positions, members): the
     * event's name, its data and the time the frame was read. Called on the WebSocket client's threads.
     */
    interface ConversationEvents {
        void event(String channel, String event, JsonNode data, long receivedNanos);

        /** Not interested: the frame's data is not even parsed (the system steps' thousands of subscribers). */
        ConversationEvents NONE = (channel, event, data, receivedNanos) -> {};
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int number;
    private final Listener listener;
    private final java.util.function.Consumer<String> ownChannelEvent;
    private final ConversationEvents conversationEvents;
    private final CompletableFuture<String> socketId = new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> subscriptions = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private PusherSubscriber(
            int number,
            Listener listener,
            java.util.function.Consumer<String> ownChannelEvent,
            ConversationEvents conversationEvents) {
        this.number = number;
        this.listener = listener;
        this.ownChannelEvent = ownChannelEvent;
        this.conversationEvents = conversationEvents;
    }

    /** Connects and completes with the subscriber once {@code pusher:connection_established} came. */
    static CompletableFuture<PusherSubscriber> connect(HttpClient http, URI uri, int number, Listener listener) {
        return connect(http, uri, number, listener, event -> {});
    }

    /** As {@link #connect(HttpClient, URI, int, Listener)}, telling {@code ownChannelEvent} each event's name on a person's own channel. */
    static CompletableFuture<PusherSubscriber> connect(
            HttpClient http,
            URI uri,
            int number,
            Listener listener,
            java.util.function.Consumer<String> ownChannelEvent) {
        return connect(http, uri, number, listener, ownChannelEvent, ConversationEvents.NONE);
    }

    /** Connects a subscriber that hands a conversation channel's events other than {@code new-message} to {@code events}. */
    static CompletableFuture<PusherSubscriber> connect(
            HttpClient http, URI uri, int number, ConversationEvents events) {
        return connect(http, uri, number, (s, m) -> {}, event -> {}, events);
    }

    private static CompletableFuture<PusherSubscriber> connect(
            HttpClient http,
            URI uri,
            int number,
            Listener listener,
            java.util.function.Consumer<String> ownChannelEvent,
            ConversationEvents conversationEvents) {
        PusherSubscriber s = new PusherSubscriber(number, listener, ownChannelEvent, conversationEvents);
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, s)
                .thenCompose(ws -> {
                    s.socket = ws;
                    return s.socketId;
                })
                .thenApply(id -> s);
    }

    int number() {
        return number;
    }

    String socketId() {
        return socketId.getNow(null);
    }

    /** The close code the server sent, once it closed the connection. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Subscribes; completes on {@code pusher_internal:subscription_succeeded}, fails on {@code pusher:subscription_error}. */
    CompletableFuture<Void> subscribe(String channel, String auth) {
        CompletableFuture<Void> done = subscriptions.computeIfAbsent(channel, c -> new CompletableFuture<>());
        send(JSON.writeValueAsString(
                Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel, "auth", auth))));
        return done;
    }

    void close() {
        if (socket != null && !socket.isOutputClosed()) {
            send(null);
        }
    }

    /** The JDK client allows one outstanding send at a time: sends are chained. {@code null} closes. */
    private synchronized void send(String text) {
        sending = sending.handle((r, e) -> null)
                .thenCompose(v -> text == null
                        ? socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done")
                        : socket.sendText(text, true));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        String frame;
        if (!last) {
            partial.append(data);
            webSocket.request(1);
            return null;
        }
        if (partial.isEmpty()) {
            frame = data.toString();
        } else {
            frame = partial.append(data).toString();
            partial.setLength(0);
        }
        try {
            handle(frame, now);
        } catch (RuntimeException e) {
            System.err.println("bench: subscriber " + number + " could not read a frame: " + e);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(String frame, long now) {
        JsonNode f = JSON.readTree(frame);
        String event = f.path("event").asString("");
        String channel = f.path("channel").asString("");
        switch (event) {
            case "new-message" -> {
                JsonNode d = data(f);
                listener.newMessage(
                        this,
                        new NewMessage(
                                channel,
                                d.path("id").asLong(),
                                d.path("conversationId").asLong(),
                                d.path("seq").asLong(),
                                d.path("clientId").isNull()
                                        ? null
                                        : d.path("clientId").asString(null),
                                now));
            }
            case "pusher:connection_established" ->
                socketId.complete(data(f).path("socket_id").asString());
            case "pusher_internal:subscription_succeeded" ->
                subscriptions
                        .computeIfAbsent(channel, c -> new CompletableFuture<>())
                        .complete(null);
            case "pusher:subscription_error" ->
                subscriptions
                        .computeIfAbsent(channel, c -> new CompletableFuture<>())
                        .completeExceptionally(new IllegalStateException("subscription_error " + data(f)));
            case "pusher:ping" -> send("{\"event\":\"pusher:pong\",\"data\":{}}");
            case "pusher:error" -> System.err.println("bench: subscriber " + number + " got " + frame);
            default -> {
                // other events of a conversation go to conversationEvents (attachment-updated is measured); a
                // person's own channel's are counted
                if (!event.startsWith("pusher") && !channel.contains("-staff-conversation-")) {
                    ownChannelEvent.accept(event);
                } else if (!event.startsWith("pusher") && conversationEvents != ConversationEvents.NONE) {
                    conversationEvents.event(channel, event, data(f), now);
                }
            }
        }
    }

    /** Pusher sends {@code data} as a JSON string inside the frame. */
    private static JsonNode data(JsonNode frame) {
        JsonNode d = frame.path("data");
        return d.isString() ? JSON.readTree(d.asString()) : d;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        socketId.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        subscriptions.values().forEach(s -> s.completeExceptionally(new IllegalStateException("closed " + statusCode)));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        socketId.completeExceptionally(error);
        subscriptions.values().forEach(s -> s.completeExceptionally(error));
    }
}

package com.staffchat.realtime.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare WebSocket client (the JDK's) that records every frame verbatim, for asserting the exact
 * wire output. Every wait is bounded.
 */
public final class RawPusherClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);

    private static final Pattern SOCKET_ID = Pattern.compile("\\\\\"socket_id\\\\\":\\\\\"(\\d+\\.\\d+)\\\\\"");

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private volatile long closedAtNanos;

    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();

    private final WebSocket socket;

    private RawPusherClient(URI uri) {
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(WAIT)
                .buildAsync(uri, new Listener())
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Connects to {@code /app/{key}} with the given query string (e.g. {@code protocol=7}). */
    public static RawPusherClient connect(int port, String key, String query) {
        return new RawPusherClient(
                URI.create("ws://127.0.0.1:" + port + "/app/" + key + (query.isEmpty() ? "" : "?" + query)));
    }

    /** Connects with protocol 7 and reads {@code pusher:connection_established}. */
    public static RawPusherClient connected(int port) {
        RawPusherClient client = connect(port, RealtimeServerTest.APP_KEY, "protocol=7&client=js&version=8.6.0");
        client.socketId();
        return client;
    }

    private volatile String socketId;

    /** The socket id from {@code pusher:connection_established} (read on first call). */
    public String socketId() {
        if (socketId == null) {
            String established = nextFrame();
            Matcher matcher = SOCKET_ID.matcher(established);
            assertThat(matcher.find()).as("socket id in %s", established).isTrue();
            socketId = matcher.group(1);
        }
        return socketId;
    }

    public void send(String frame) {
        socket.sendText(frame, true)
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    public void sendPing() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** The next frame, waiting at most {@link #WAIT}. */
    public String nextFrame() {
        try {
            String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("No frame within " + WAIT);
            }
            return frame;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The next frame that is not a {@code pusher_internal:subscription_count}, for tests where the
     * counts that follow every subscription change are not the point.
     */
    public String nextFrameIgnoringCounts() {
        while (true) {
            String frame = nextFrame();
            if (!frame.startsWith("{\"event\":\"pusher_internal:subscription_count\"")) {
                return frame;
            }
        }
    }

    public ByteBuffer nextPong() {
        try {
            ByteBuffer pong = pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (pong == null) {
                fail("No pong within " + WAIT);
            }
            return pong;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The close code the server sent, waiting at most {@link #WAIT}. */
    public int closeCode() {
        return closeCode.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** When the server's close frame arrived ({@link System#nanoTime()}); valid once {@link #closeCode()} returned. */
    public long closedAtNanos() {
        return closedAtNanos;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(message);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedAtNanos = System.nanoTime();
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}

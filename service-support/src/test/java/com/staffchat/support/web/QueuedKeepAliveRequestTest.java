package com.staffchat.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A kept-alive connection goes on being read after the server drains a request it had to queue.
 * Reactor Netty queues a request that arrives while the previous one's operations are still open
 * (pipelined, or sent while the previous answer is still being written); when the
 * queued request was answered at once, 1.3.6 drained the queue without asking the socket for more,
 * and the connection hung with the next request unread (reactor/reactor-netty#4361, the two routes
 * of PR #4347; fixed in 1.3.8, which the root pom pins). On 1.3.6 and 1.3.7 the pipelined case hangs
 * every run; the other depends on when the second request reaches the server and hung in about half
 * to nearly all runs here. A plain Reactor Netty server, the same transport every service runs on,
 * and a raw socket, so the client neither pools nor retries.
 */
class QueuedKeepAliveRequestTest {

    /** Long enough for a loaded CI machine; the bug is a hang, not a delay. */
    static final int ANSWER_TIMEOUT_MS = 5000;

    static final String STATUS_LINE = "HTTP/1.1 200 OK\r\n";

    DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void requestAfterAPipelinedPairIsAnswered() throws Exception {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> response.sendString(
                        request.uri().equals("/first")
                                ? Mono.delay(Duration.ofMillis(50)).thenReturn("first")
                                : Mono.just(request.uri().substring(1))))
                .bindNow(Duration.ofSeconds(5));
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // both in one write: the second is read while the first is still being answered, and queued
            out.write(concat(get("/first"), get("/second")));
            out.flush();
            assertThat(answer(in, "/first")).endsWith("first");
            assertThat(answer(in, "/second")).endsWith("second");

            out.write(get("/third"));
            out.flush();
            assertThat(answer(in, "/third")).startsWith("HTTP/1.1 200").endsWith("third");
        }
    }

    @Test
    void requestSentWhileTheAnswerBeforeItIsStillBeingWrittenIsAnswered() throws Exception {
        // larger than what the kernel buffers on both sides hold, so its write is still in progress
        // (and its operations open) while the client, having read only the status line, sends the next
        String large = "x".repeat(16 * 1024 * 1024);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> response.sendString(Mono.just(
                        request.uri().equals("/large") ? large : request.uri().substring(1))))
                .bindNow(Duration.ofSeconds(5));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(get("/large"));
            out.flush();
            byte[] statusLine = in.readNBytes(STATUS_LINE.length());
            assertThat(new String(statusLine, StandardCharsets.US_ASCII)).isEqualTo(STATUS_LINE);
            // not pipelined by the server's count: /large's last content is already written, its
            // operations end only when the client has taken the rest of it
            out.write(get("/next"));
            out.flush();
            String rest = answer(in, "/large");
            assertThat(rest).endsWith("x".repeat(64));
            assertThat(answer(in, "/next")).endsWith("next");

            out.write(get("/after"));
            out.flush();
            assertThat(answer(in, "/after")).startsWith("HTTP/1.1 200").endsWith("after");
        }
    }

    Socket connect() throws Exception {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(ANSWER_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static String answer(InputStream in, String path) throws Exception {
        try {
            return KeptAliveConnectionTest.readResponse(in);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    "GET " + path + " was not answered within " + ANSWER_TIMEOUT_MS
                            + " ms: the server stopped reading the kept-alive connection",
                    e);
        }
    }
}

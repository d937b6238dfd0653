package com.staffchat.notification.realtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What stands between notification-service and realtime-service's HTTP API in the outage and batching
 * tests, as a TCP proxy would: it forwards each request, drops the connection unanswered when
 * realtime-service does not answer (a network error to the caller), and answers 503 while held.
 * Holding it after realtime-service is back lets the test's subscriber reconnect before delivery
 * resumes (Pusher keeps no history; a real client catches up by seq). It records every request it
 * forwarded (path and body) and the most it had under way at once, so tests count the calls at the
 * server.
 */
final class PusherApiGate implements AutoCloseable {

    private final HttpServer server;
    /** One request forwarded to realtime-service: its path (after /apps/{id}), body and traceparent header. */
    record Forwarded(String path, String body, String traceparent) {}

    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicInteger mostUnderWay = new AtomicInteger();
    private final AtomicInteger refusedWhileHeld = new AtomicInteger();
    private final AtomicInteger holdAfter = new AtomicInteger(-1);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final int targetPort;
    private volatile boolean held;

    PusherApiGate(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void hold() {
        held = true;
    }

    void release() {
        held = false;
        holdAfter.set(-1);
    }

    /** Forwards {@code requests} more requests, then holds (503) until released. */
    void holdAfter(int requests) {
        holdAfter.set(requests);
    }

    /** Requests forwarded since the last {@link #clear()}. */
    List<Forwarded> forwarded() {
        return List.copyOf(forwarded);
    }

    /** The most requests under way at once since the last {@link #clear()}. */
    int mostUnderWay() {
        return mostUnderWay.get();
    }

    /** Requests answered 503 because the gate was held. */
    int refusedWhileHeld() {
        return refusedWhileHeld.get();
    }

    void clear() {
        forwarded.clear();
        mostUnderWay.set(0);
        refusedWhileHeld.set(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (holdAfter.get() == 0) {
                held = true;
            } else if (holdAfter.get() > 0) {
                holdAfter.decrementAndGet();
            }
            if (held) {
                refusedWhileHeld.incrementAndGet();
                answer(exchange, 503, "{\"error\":\"held by the test\"}".getBytes());
                return;
            }
            mostUnderWay.accumulateAndGet(underWay.incrementAndGet(), Math::max);
            try {
                forward(exchange, body);
            } finally {
                underWay.decrementAndGet();
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        {
            forwarded.add(new Forwarded(
                    exchange.getRequestURI().getRawPath().replaceFirst("^/apps/[^/]+", ""),
                    new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("traceparent")));
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + targetPort
                            + exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + exchange.getRequestURI().getRawQuery())))
                    .timeout(Duration.ofSeconds(5))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException down) {
                return; // closes the connection unanswered: the caller sees a network error
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 502, new byte[0]);
                return;
            }
            response.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders()
                    .add("Content-Type", t));
            answer(exchange, response.statusCode(), response.body());
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

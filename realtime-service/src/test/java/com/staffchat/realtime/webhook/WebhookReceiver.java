package com.staffchat.realtime.webhook;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app's webhook endpoint (the JDK's HTTP server): verifies {@code X-Pusher-Key} and
 * {@code X-Pusher-Signature} with the official server library (pusher-http-java's
 * {@code validateWebhookSignature}), keeps every event of every accepted
 * POST with the path it came to, and answers 500 while told to fail.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final Pusher pusher;

    /** Events of accepted POSTs, each with a {@code path} field added. */
    public final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** Sizes of accepted POSTs, in events. */
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    public final AtomicInteger failuresLeft = new AtomicInteger();

    public final AtomicInteger refused = new AtomicInteger();

    public final AtomicInteger badSignatures = new AtomicInteger();

    public WebhookReceiver(String key, String secret) throws IOException {
        this.pusher = new Pusher("0", key, secret);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The events that came to {@code path} with the given name. */
    public List<JsonNode> named(String path, String name) {
        return events.stream()
                .filter(event -> event.path("path").asString().equals(path)
                        && event.path("name").asString().equals(name))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            refused.incrementAndGet();
            status = 500;
        } else if (pusher.validateWebhookSignature(
                        exchange.getRequestHeaders().getFirst("X-Pusher-Key"),
                        exchange.getRequestHeaders().getFirst("X-Pusher-Signature"),
                        new String(body, StandardCharsets.UTF_8))
                != Validity.VALID) {
            badSignatures.incrementAndGet();
            status = 401;
        } else {
            JsonNode payload = JSON.readTree(body);
            if (!payload.path("time_ms").isIntegralNumber()) {
                status = 400;
            } else {
                batchSizes.add(payload.path("events").size());
                for (JsonNode event : payload.path("events")) {
                    ((tools.jackson.databind.node.ObjectNode) event)
                            .put("path", exchange.getRequestURI().getPath());
                    events.add(event);
                }
                status = 200;
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            pusher.close();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}

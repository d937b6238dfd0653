package com.staffchat.attachment;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for message-service's {@code GET /api/v1/conversations/{id}} and nothing else: 200 for a participant
 * (by the token's {@code sub} and {@code hotel}), 404 for anyone else, 503 while "failing". Only the
 * participation check is stood in for, because starting the real message-service inside this module's tests
 * would need its executable jar and its schema; the system tests (system-tests module) run attachment-service
 * against the real message-service. The token's signature is not checked here: attachment-service checked it
 * already, and message-service checks it again in the real system.
 */
final class MessageServiceStandIn implements AutoCloseable {

    private static final Pattern CONVERSATION = Pattern.compile("/api/v1/conversations/(\\d+)");
    private static final Pattern SUB = Pattern.compile("\"sub\":\"(\\d+)\"");
    private static final Pattern HOTEL = Pattern.compile("\"hotel\":\"([^\"]+)\"");

    private final HttpServer server;
    private final Map<String, Set<Long>> participants = new ConcurrentHashMap<>();
    private volatile boolean failing;

    MessageServiceStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/conversations/", exchange -> {
            int status = status(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void join(String hotel, long conversationId, long... staffIds) {
        Set<Long> set = participants.computeIfAbsent(hotel + ":" + conversationId, k -> ConcurrentHashMap.newKeySet());
        for (long id : staffIds) {
            set.add(id);
        }
    }

    void remove(String hotel, long conversationId, long staffId) {
        participants.getOrDefault(hotel + ":" + conversationId, Set.of()).remove(staffId);
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    private int status(String path, String authorization) {
        if (failing) {
            return 503;
        }
        Matcher conversation = CONVERSATION.matcher(path);
        if (!conversation.matches() || authorization == null || !authorization.startsWith("Bearer ")) {
            return 401;
        }
        String[] parts = authorization.substring(7).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher sub = SUB.matcher(claims);
        Matcher hotel = HOTEL.matcher(claims);
        if (!sub.find() || !hotel.find()) {
            return 401;
        }
        boolean member = participants
                .getOrDefault(hotel.group(1) + ":" + conversation.group(1), Set.of())
                .contains(Long.parseLong(sub.group(1)));
        return member ? 200 : 404;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

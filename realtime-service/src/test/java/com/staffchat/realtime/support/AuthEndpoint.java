package com.staffchat.realtime.support;

import com.pusher.rest.SignatureUtil;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in for the app's channel-authorization endpoint: answers the client's form POST
 * ({@code socket_id}, {@code channel_name}) with {@code {"auth":...}} signed with the app secret by
 * pusher-http-java's signer, not ours. {@code ?user=alice} on the URL makes it a presence answer.
 */
public final class AuthEndpoint implements AutoCloseable {

    private final HttpServer server;

    private final String key;

    private final String secret;

    public AuthEndpoint(String key, String secret) throws IOException {
        this.key = key;
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/pusher/auth", this::authorize);
        this.server.setExecutor(Executors.newSingleThreadExecutor());
        this.server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pusher/auth";
    }

    public String presenceUrl(String userId) {
        return url() + "?user=" + userId;
    }

    /** The auth string for a private channel. */
    public static String privateAuth(String key, String secret, String socketId, String channel) {
        return key + ":" + SignatureUtil.sign(socketId + ":" + channel, secret);
    }

    /** The auth string for a presence channel. */
    public static String presenceAuth(String key, String secret, String socketId, String channel, String channelData) {
        return key + ":" + SignatureUtil.sign(socketId + ":" + channel + ":" + channelData, secret);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try (InputStream body = exchange.getRequestBody()) {
            form = formFields(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        String query = exchange.getRequestURI().getQuery();
        String user = query != null && query.startsWith("user=") ? query.substring("user=".length()) : null;
        String socketId = form.get("socket_id");
        String channel = form.get("channel_name");
        String answer;
        if (user == null) {
            answer = "{\"auth\":\"" + privateAuth(key, secret, socketId, channel) + "\"}";
        } else {
            String channelData = "{\"user_id\":\"" + user + "\",\"user_info\":{\"name\":\"" + user + "\"}}";
            answer = "{\"auth\":\"" + presenceAuth(key, secret, socketId, channel, channelData)
                    + "\",\"channel_data\":\"" + channelData.replace("\"", "\\\"") + "\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

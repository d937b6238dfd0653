package com.staffchat.realtime.support;

import com.pusher.rest.SignatureUtil;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sends HTTP API requests signed as Pusher's libraries sign them (HMAC from pusher-http-java, the
 * string to sign built here), with knobs to break one part of the signature at a time.
 */
public final class SignedApiClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public SignedApiClient(int port) {
        this.port = port;
    }

    public Request post(String path, String body) {
        return new Request("POST", path, body);
    }

    /** A signed GET: auth parameters plus {@code query} (values unescaped), no body and no body_md5. */
    public Request get(String path, Map<String, String> query) {
        Request request = new Request("GET", path, "");
        request.bodyMd5 = null;
        request.extra.putAll(query);
        return request;
    }

    /** One request, signed correctly unless told otherwise. */
    public final class Request {

        private final String method;

        private final String path;

        private final String body;

        private final Map<String, String> extra = new TreeMap<>();

        private String key = RealtimeServerTest.APP_KEY;

        private String secret = RealtimeServerTest.APP_SECRET;

        private Instant timestamp = Instant.now();

        private String bodyMd5;

        private Request(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.bodyMd5 = md5(body);
        }

        /** Signs as another app. */
        public Request as(String otherKey, String otherSecret) {
            this.key = otherKey;
            this.secret = otherSecret;
            return this;
        }

        public Request signedWithSecret(String otherSecret) {
            this.secret = otherSecret;
            return this;
        }

        public Request at(Instant otherTimestamp) {
            this.timestamp = otherTimestamp;
            return this;
        }

        public Request withBodyMd5(String otherMd5) {
            this.bodyMd5 = otherMd5;
            return this;
        }

        public HttpResponse<String> send() {
            Map<String, String> query = new TreeMap<>();
            query.put("auth_key", key);
            query.put("auth_timestamp", Long.toString(timestamp.getEpochSecond()));
            query.put("auth_version", "1.0");
            if (bodyMd5 != null) {
                query.put("body_md5", bodyMd5);
            }
            query.putAll(extra);
            String toSign = method + "\n" + path + "\n"
                    + query.entrySet().stream()
                            .map(entry -> entry.getKey() + "=" + entry.getValue())
                            .collect(Collectors.joining("&"));
            query.put("auth_signature", SignatureUtil.sign(toSign, secret));
            String queryString = query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path + "?" + queryString))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            method.equals("GET")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    public static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

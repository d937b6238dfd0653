package com.staffchat.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Staff Chat API through the gateway, as the benchmark's callers use it: each call carries a
 * real HS256 token of its caller, minted with the local secret and the claims {@code ./chat token}
 * makes ({@code sub}, {@code hotel}, {@code roles}, {@code iat}, {@code exp}).
 */
final class GatewayApi {

    /** An answer that was not the expected 2xx. */
    static final class Refused extends IOException {
        final int status;

        Refused(String what, int status, String body) {
            super(what + " answered " + status + ": " + body.substring(0, Math.min(300, body.length())));
            this.status = status;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI gateway;
    private final byte[] secret;
    private final String hotel;
    private final Duration timeout;
    private final Map<Long, String> tokens = new ConcurrentHashMap<>();

    GatewayApi(HttpClient http, URI gateway, String secret, String hotel, Duration timeout) {
        this.http = http;
        this.gateway = gateway;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.hotel = hotel;
        this.timeout = timeout;
    }

    String hotel() {
        return hotel;
    }

    /** A token for {@code staffId}; staff 1 is the bench hotel's manager. Valid for three hours. */
    String token(long staffId) {
        return tokens.computeIfAbsent(
                staffId, id -> mint(id, id == 1 ? List.of("manager", "staff") : List.of("staff")));
    }

    private String mint(long staffId, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(staffId))
                .claim("hotel", hotel)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(3))))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a bench token (the secret must be at least 32 bytes)", e);
        }
        return jwt.serialize();
    }

    /** {@code PUT /api/v1/admin/staff} as the manager: staff 1..count, at most 1,000 a request. */
    void seedStaff(int count) throws IOException, InterruptedException {
        for (int from = 1; from <= count; from += 1000) {
            List<Map<String, Object>> staff = new ArrayList<>();
            for (int id = from; id <= Math.min(count, from + 999); id++) {
                staff.add(Map.of(
                        "id",
                        id,
                        "displayName",
                        "Bench " + id,
                        "department",
                        "bench",
                        "title",
                        "Staff",
                        "active",
                        true));
            }
            call("PUT /api/v1/admin/staff", 1, "PUT", "/api/v1/admin/staff", Map.of("staff", staff));
        }
    }

    /** {@code POST /api/v1/conversations} by {@code creator}; the conversation's id. */
    long createConversation(long creator, boolean direct, List<Long> others, String title)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", direct ? "DIRECT" : "GROUP");
        body.put("participantIds", others);
        if (!direct) {
            body.put("title", title);
        }
        String answer = call("POST /api/v1/conversations", creator, "POST", "/api/v1/conversations", body);
        return JSON.readTree(answer).path("id").asLong();
    }

    /**
     * {@code POST /api/v1/conversations/{id}/messages}. A 2xx answer's body is not read (null); any
     * other's is, for {@link #outcome}.
     */
    CompletableFuture<HttpResponse<String>> send(long sender, long conversationId, String body, String clientId) {
        HttpRequest request = HttpRequest.newBuilder(
                        gateway.resolve("/api/v1/conversations/" + conversationId + "/messages"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token(sender))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("body", body, "clientId", clientId))))
                .build();
        return http.sendAsync(
                request,
                info -> info.statusCode() / 100 == 2
                        ? HttpResponse.BodySubscribers.replacing(null)
                        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * How a send ended, for the errors column: the status, and for an RFC 9457 problem the last
     * part of its {@code type} ({@code "503 service-unavailable"}), so refusals by the gateway and
     * by a service can be told apart.
     */
    static String outcome(int status, String body) {
        if (body == null || body.isBlank()) {
            return Integer.toString(status);
        }
        try {
            String type = JSON.readTree(body).path("type").asString("");
            String last = type.substring(type.lastIndexOf('/') + 1);
            return last.isEmpty() || last.equals("about:blank") ? Integer.toString(status) : status + " " + last;
        } catch (RuntimeException e) {
            return Integer.toString(status);
        }
    }

    /** {@code POST /api/v1/realtime/auth} as {@code staffId}, the form pusher-js posts; the {@code auth} string. */
    CompletableFuture<String> channelAuth(long staffId, String socketId, String channel) {
        String form = "socket_id=" + URLEncoder.encode(socketId, StandardCharsets.UTF_8) + "&channel_name="
                + URLEncoder.encode(channel, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/realtime/auth"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token(staffId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        new Refused("channel auth of " + channel + " as staff " + staffId, r.statusCode(), r.body()));
            }
            return JSON.readTree(r.body()).path("auth").asString();
        });
    }

    /**
     * {@code POST /api/v1/conversations/{id}/attachments} as {@code uploader}: one multipart part {@code files}
     * named {@code fileName} of type {@code contentType}, its bytes from {@code content} (a file publisher is read
     * as it is sent, so a 50 MB file is never held here). Times out after {@code timeout}; the answer's body is
     * read as text (the JSON of the stored attachments, or a problem).
     */
    CompletableFuture<HttpResponse<String>> upload(
            long uploader,
            long conversationId,
            String fileName,
            String contentType,
            HttpRequest.BodyPublisher content,
            Duration timeout) {
        String boundary = "bench-"
                + Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong());
        HttpRequest request = HttpRequest.newBuilder(
                        gateway.resolve("/api/v1/conversations/" + conversationId + "/attachments"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token(uploader))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(multipart(boundary, fileName, contentType, content))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A {@code multipart/form-data} body of one part named {@code files} (RFC 7578): its headers, the content as
     * it is published, the closing boundary. Its length is known when the content's is, so the request carries a
     * {@code Content-Length}.
     */
    static HttpRequest.BodyPublisher multipart(
            String boundary, String fileName, String contentType, HttpRequest.BodyPublisher content) {
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head.getBytes(StandardCharsets.UTF_8)),
                content,
                HttpRequest.BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first attachment id of an upload's 201 answer ({@code {"attachments":[{"id":...}]}}). */
    static String uploadedId(String body) {
        String id = JSON.readTree(body).path("attachments").path(0).path("id").asString("");
        if (id.isEmpty()) {
            throw new IllegalStateException("an upload answered no attachment id: " + body);
        }
        return id;
    }

    /** {@code DELETE path} as {@code caller}: the status. */
    CompletableFuture<Integer> delete(long caller, String path) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token(caller))
                .DELETE()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** {@code GET path} as {@code caller}: the answer's body; a non-2xx answer is {@link Refused}. */
    String get(long caller, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token(caller))
                .GET()
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new Refused("GET " + path + " as staff " + caller, r.statusCode(), r.body());
        }
        return r.body();
    }

    private String call(String what, long caller, String method, String path, Object body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(caller))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new Refused(what + " as staff " + caller, r.statusCode(), r.body());
        }
        return r.body();
    }
}

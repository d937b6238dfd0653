package com.staffchat.testsupport;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for FCM's HTTP v1 API ({@code POST /v1/projects/{id}/messages:send}), so that
 * firebase-admin is tested for real and Google is never called. It records every request and
 * answers by the message's token:
 *
 * <ul>
 *   <li>{@code unregistered-…}: 404 {@code UNREGISTERED}
 *   <li>{@code invalid-…}: 400 {@code INVALID_ARGUMENT}, the registration token is not valid
 *   <li>{@code badpayload-…}: 400 {@code INVALID_ARGUMENT} about a field of the payload
 *   <li>{@code unavailable-…}: 503 {@code UNAVAILABLE} with {@code Retry-After}
 *   <li>{@code quota-…}: 429 {@code QUOTA_EXCEEDED} with {@code Retry-After}
 *   <li>{@code internal-…}: 500 {@code INTERNAL}
 *   <li>{@code status-…-NNN}: HTTP NNN with a canonical error body and no FcmError code
 *   <li>anything else: 200 with a message name
 * </ul>
 *
 * A message larger than FCM's 4,096 bytes is refused with 400 {@code INVALID_ARGUMENT} whatever its token.
 *
 * The three transient kinds (unavailable, quota, internal) fail until {@link #recover()} is called,
 * or only for a set number of attempts per token ({@link #failTransientTimes}). Errors carry the FCM
 * v1 body, a {@code google.rpc.Status} whose details hold a
 * {@code type.googleapis.com/google.firebase.fcm.v1.FcmError} with the {@code errorCode}, so
 * firebase-admin maps the codes itself.
 *
 * <p>Point firebase-admin at it with {@link #firebaseOptions} (or {@code setHttpTransport(server.transport())}).
 * A service started as its own process is pointed at it by configuration instead: {@link #endpoint()} as
 * notification-service's {@code staffchat.fcm.endpoint}, and {@link #serviceAccountKey} as its credentials
 * file, a service account JSON key whose {@code token_uri} is this server: it answers the OAuth token
 * request with {@link #ACCESS_TOKEN}, which firebase-admin then sends as the bearer token of every message.
 */
public final class FcmTestServer implements AutoCloseable {

    private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");
    private static final String TOKEN_PATH = "/token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The OAuth access token the token endpoint hands out for a {@link #serviceAccountKey}. */
    public static final String ACCESS_TOKEN = "fcm-test-server-access-token";

    /** FCM's limit on a message. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    /** One request the server received. */
    public record Request(
            String projectId,
            String token,
            JsonNode body,
            String rawBody,
            String authorization,
            Instant at,
            int status) {

        /** The {@code message} object firebase-admin sent. */
        public JsonNode message() {
            return body.path("message");
        }

        /** Size in bytes of the {@code message} object as sent (UTF-8 JSON). */
        public int messageBytes() {
            return JSON.writeValueAsBytes(message()).length;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> transientFailures = new ConcurrentHashMap<>();
    private volatile int failTransientTimes = Integer.MAX_VALUE;
    private volatile int retryAfterSeconds = 1;

    private FcmTestServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on a free loopback port. */
    public static FcmTestServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // firebase-admin sends each message of a batch as its own request, many at once
            ExecutorService executor = Executors.newFixedThreadPool(16);
            FcmTestServer fcm = new FcmTestServer(server, executor);
            server.createContext("/", fcm::handle);
            server.setExecutor(executor);
            server.start();
            return fcm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where FCM's requests go instead of {@code https://fcm.googleapis.com}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * A service account JSON key (as Firebase's console downloads it) for {@code projectId}, with a fresh
     * RSA key and this server as its {@code token_uri}: credentials read from it get {@link #ACCESS_TOKEN}
     * from here, and Google's token endpoint is never called.
     */
    public String serviceAccountKey(String projectId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(
                                    generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Map<String, String> key = new LinkedHashMap<>();
            key.put("type", "service_account");
            key.put("project_id", projectId);
            key.put("private_key_id", "fcm-test-server-key");
            key.put("private_key", pem);
            key.put("client_email", "push@" + projectId + ".iam.gserviceaccount.com");
            key.put("client_id", "1");
            key.put("token_uri", endpoint() + TOKEN_PATH);
            return JSON.writeValueAsString(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A google-http-client transport that sends every request, whatever its URL (firebase-admin
     * hard-codes {@code https://fcm.googleapis.com}), to this server over plain HTTP.
     */
    public HttpTransport transport() {
        return new NetHttpTransport.Builder()
                .setConnectionFactory(
                        url -> (HttpURLConnection) new URL("http", "127.0.0.1", port(), url.getFile()).openConnection())
                .build();
    }

    /**
     * FirebaseOptions that send to this server: its transport, the given credentials (e.g.
     * {@code GoogleCredentials.create(new AccessToken("test", farFuture))}), the project, and Gson for
     * JSON, as notification-service configures it.
     */
    public FirebaseOptions.Builder firebaseOptions(String projectId, GoogleCredentials credentials) {
        return FirebaseOptions.builder()
                .setCredentials(credentials)
                .setProjectId(projectId)
                .setJsonFactory(GsonFactory.getDefaultInstance())
                .setHttpTransport(transport());
    }

    /** Transient tokens fail this many times each, then succeed (default: until {@link #recover()}). */
    public FcmTestServer failTransientTimes(int times) {
        this.failTransientTimes = times;
        return this;
    }

    /** The {@code Retry-After} seconds sent with 503 and 429 answers (default 1). */
    public FcmTestServer retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** From now on transient tokens succeed. */
    public void recover() {
        this.failTransientTimes = 0;
    }

    /** Forgets what was received and how often each token failed; transient tokens fail until recovered again. */
    public void reset() {
        requests.clear();
        transientFailures.clear();
        failTransientTimes = Integer.MAX_VALUE;
        retryAfterSeconds = 1;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsFor(String token) {
        return requests.stream().filter(r -> token.equals(r.token())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("POST".equals(exchange.getRequestMethod())
                    && TOKEN_PATH.equals(exchange.getRequestURI().getPath())) {
                // the OAuth 2.0 JWT bearer grant of a service account key; the signed assertion is not checked
                exchange.getRequestBody().readAllBytes();
                send(
                        exchange,
                        200,
                        "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                return;
            }
            Matcher path = SEND_PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                send(exchange, 404, error(404, "NOT_FOUND", "No such method: " + exchange.getRequestURI(), null));
                return;
            }
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = JSON.readTree(raw);
            String token = body.path("message").path("token").asString("");
            Answer answer = JSON.writeValueAsBytes(body.path("message")).length > MAX_MESSAGE_BYTES
                    ? new Answer(400, error(400, "INVALID_ARGUMENT", "Message is too big", "INVALID_ARGUMENT"), false)
                    : answer(token);
            requests.add(new Request(
                    path.group(1),
                    token,
                    body,
                    raw,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    Instant.now(),
                    answer.status()));
            if (answer.retryAfter()) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
            }
            String json = answer.status() == 200
                    ? "{\"name\":\"projects/" + path.group(1) + "/messages/" + requests.size() + "\"}"
                    : answer.body();
            send(exchange, answer.status(), json);
        }
    }

    private record Answer(int status, String body, boolean retryAfter) {}

    private Answer answer(String token) {
        if (token.startsWith("unregistered-")) {
            return new Answer(404, error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"), false);
        }
        if (token.startsWith("invalid-")) {
            return new Answer(
                    400,
                    error(
                            400,
                            "INVALID_ARGUMENT",
                            "The registration token is not a valid FCM registration token",
                            "INVALID_ARGUMENT"),
                    false);
        }
        if (token.startsWith("badpayload-")) {
            return new Answer(
                    400,
                    error(
                            400,
                            "INVALID_ARGUMENT",
                            "Invalid value at 'message.data[0].value' (TYPE_STRING)",
                            "INVALID_ARGUMENT"),
                    false);
        }
        if (token.startsWith("status-")) {
            int status = Integer.parseInt(token.substring(token.lastIndexOf('-') + 1));
            String canonical =
                    switch (status) {
                        case 429 -> "RESOURCE_EXHAUSTED";
                        case 500 -> "INTERNAL";
                        case 503 -> "UNAVAILABLE";
                        default -> "UNKNOWN";
                    };
            return new Answer(
                    status, error(status, canonical, "An error without an FcmError detail", null), status == 429);
        }
        boolean unavailable = token.startsWith("unavailable-");
        boolean quota = token.startsWith("quota-");
        boolean internal = token.startsWith("internal-");
        if ((unavailable || quota || internal)
                && transientFailures
                                .computeIfAbsent(token, t -> new AtomicInteger())
                                .getAndIncrement()
                        < failTransientTimes) {
            if (unavailable) {
                return new Answer(
                        503, error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"), true);
            }
            if (quota) {
                return new Answer(
                        429,
                        error(
                                429,
                                "RESOURCE_EXHAUSTED",
                                "Sending limit exceeded for the message target.",
                                "QUOTA_EXCEEDED"),
                        true);
            }
            return new Answer(500, error(500, "INTERNAL", "Internal error encountered.", "INTERNAL"), false);
        }
        return new Answer(200, null, false);
    }

    private static String error(int code, String status, String message, String fcmErrorCode) {
        String details = fcmErrorCode == null
                ? "[]"
                : "[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + fcmErrorCode
                        + "\"}]";
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status
                + "\",\"details\":" + details + "}}";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.client.util.HttpChannelAuthorizer;
import com.staffchat.testsupport.TestTokens;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 19 end to end: a photo uploaded through the gateway to attachment-service (S3Proxy behind
 * it), its thumbnail made after the upload and announced live as {@code attachment-updated} to a
 * pusher-java-client, sent with a message (message-service checks the id with attachment-service
 * as the sender), shown in {@code new-message} and the history, downloaded with its thumbnail by
 * another participant over plain HTTP from the presigned URLs, refused to a member of another
 * hotel, and removed with its thumbnails when the message is deleted. Every service runs as its own
 * process (the shared system of this JVM); each test works in a hotel of its own.
 */
class AttachmentSystemTest {

    static final Duration THUMBNAIL_WAIT = Duration.ofSeconds(60);
    static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    static final int SMALL_THUMBNAIL_EDGE = 320;
    static final JsonMapper JSON = JsonMapper.builder().build();

    static StaffChatSystem system;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Pusher> clients = new ArrayList<>();
    String hotel;
    WebTestClient api;

    @BeforeAll
    static void startSystem() throws Exception {
        system = StaffChatSystem.shared();
    }

    @BeforeEach
    void seedHotel() {
        api = WebTestClient.bindToServer()
                .baseUrl(system.gateway.url())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        hotel = "att-" + UUID.randomUUID().toString().substring(0, 8);
        seedStaff(hotel);
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void aPhotoUploadedThroughTheGatewayIsAnnouncedSentAndDownloadedByTheOtherParticipant() throws Exception {
        String gustave = TestTokens.staff(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        long conversation = createDirect(gustave, 2);
        BlockingQueue<PusherEvent> onConversation =
                subscribe(zero, conversationChannel(conversation), "attachment-updated", "new-message");
        byte[] photo = jpeg(1600, 1200);

        Map<String, Object> uploaded = upload(gustave, conversation, "broken-tap.jpg", MediaType.IMAGE_JPEG, photo);
        String id = (String) uploaded.get("id");
        assertThat(uploaded)
                .containsEntry("fileName", "broken-tap.jpg")
                .containsEntry("contentType", "image/jpeg")
                .containsEntry("status", "READY")
                .containsEntry("uploaderId", 1)
                .containsEntry("messageId", null)
                .containsEntry("sha256", sha256(photo));
        assertThat(((Number) uploaded.get("sizeBytes")).longValue()).isEqualTo(photo.length);
        assertThat(((Number) uploaded.get("conversationId")).longValue()).isEqualTo(conversation);

        // the thumbnail is made after the upload answered, and announced on the conversation's channel
        Map<String, Object> updated = json(next(onConversation, "attachment-updated", THUMBNAIL_WAIT));
        assertThat(updated).containsEntry("attachmentId", id);
        assertThat(((Number) updated.get("conversationId")).longValue()).isEqualTo(conversation);
        assertThat(updated.get("thumbnail"))
                .as("the small thumbnail of a 1600x1200 photo")
                .isEqualTo(Map.of("available", true, "width", 320, "height", 240));
        assertThat(get(zero, "/api/v1/attachments/" + id).get("thumbnail"))
                .isEqualTo(Map.of("available", true, "width", 320, "height", 240));

        // sent with a message: message-service asks attachment-service as Gustave, the message lists the file
        Map<String, Object> sent = sendWithAttachments(gustave, conversation, "The tap in 214", List.of(id))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<String, Object> summary =
                Map.of("id", id, "fileName", "broken-tap.jpg", "contentType", "image/jpeg", "sizeBytes", photo.length);
        assertThat(sent.get("attachments")).isEqualTo(List.of(summary));
        long messageId = ((Number) sent.get("id")).longValue();

        Map<String, Object> newMessage = json(next(onConversation, "new-message", EVENT_WAIT));
        assertThat(((Number) newMessage.get("id")).longValue()).isEqualTo(messageId);
        assertThat(newMessage).containsEntry("body", "The tap in 214").containsEntry("truncated", false);
        assertThat(newMessage.get("attachments")).isEqualTo(List.of(summary));

        Map<?, ?> listed = (Map<?, ?>) ((List<?>) get(zero, "/api/v1/conversations/" + conversation + "/messages")
                        .get("messages"))
                .get(0);
        assertThat(((Number) listed.get("id")).longValue()).isEqualTo(messageId);
        assertThat(listed.get("attachments")).isEqualTo(List.of(summary));
        // attachment-service learns of the send from the conversation topic (the linking consumer)
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(
                        get(zero, "/api/v1/attachments/" + id).get("messageId"))
                .isEqualTo(messageId));

        // Zero downloads the photo and its thumbnail from the presigned URLs, without a token
        HttpResponse<byte[]> file = download(
                (String) get(zero, "/api/v1/attachments/" + id + "/url").get("url"));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(photo);
        assertThat(sha256(file.body())).isEqualTo(uploaded.get("sha256"));
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .startsWith("attachment;")
                .contains("filename=\"broken-tap.jpg\"")
                .contains("filename*=UTF-8''broken-tap.jpg"));

        Map<String, Object> thumbnailUrl = get(zero, "/api/v1/attachments/" + id + "/thumbnail-url?size=small");
        assertThat(thumbnailUrl.get("expiresAt")).isNotNull();
        HttpResponse<byte[]> thumbnail = download((String) thumbnailUrl.get("url"));
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment;"));
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small).as("the thumbnail decodes as an image").isNotNull();
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(SMALL_THUMBNAIL_EDGE);
        assertThat(small.getHeight()).isEqualTo(240);
    }

    @Test
    void aMemberOfAnotherHotelGets404ForTheFileAndCannotSendIt() throws Exception {
        String gustave = TestTokens.staff(1, hotel);
        long conversation = createDirect(gustave, 2);
        byte[] photo = jpeg(400, 300);
        String id = (String) upload(gustave, conversation, "lobby.jpg", MediaType.IMAGE_JPEG, photo)
                .get("id");

        // the same staff id in another hotel: only the token's hotel tells them apart
        String elsewhere = "att-" + UUID.randomUUID().toString().substring(0, 8);
        seedStaff(elsewhere);
        String stranger = TestTokens.staff(1, elsewhere);
        for (String path : List.of(
                "/api/v1/attachments/" + id,
                "/api/v1/attachments/" + id + "/url",
                "/api/v1/attachments/" + id + "/thumbnail-url")) {
            expectNotFound(api.get().uri(path), stranger);
        }
        expectNotFound(api.delete().uri("/api/v1/attachments/{id}", id), stranger);
        expectNotFound(api.delete().uri("/api/v1/attachments/{id}", id), TestTokens.manager(1, elsewhere));

        long theirs = createDirect(stranger, 2);
        sendWithAttachments(stranger, theirs, "Look at this", List.of(id))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://staffchat.dev/problems/invalid-request")
                .jsonPath("$.detail")
                .isEqualTo("attachmentIds[0]: unknown attachment " + id);
        assertThat(get(stranger, "/api/v1/conversations/" + theirs + "/messages")
                        .get("messages"))
                .as("the refused send stored nothing")
                .isEqualTo(List.of());

        // none of that touched the file: Gustave still has it, unsent, and can send it
        Map<String, Object> still = get(gustave, "/api/v1/attachments/" + id);
        assertThat(still).containsEntry("status", "READY").containsEntry("messageId", null);
        assertThat(download((String) get(gustave, "/api/v1/attachments/" + id + "/url")
                                .get("url"))
                        .body())
                .isEqualTo(photo);
        sendWithAttachments(gustave, conversation, "", List.of(id))
                .expectStatus()
                .isCreated();
    }

    @Test
    void deletingTheMessageRemovesItsFileAndThumbnails() throws Exception {
        String gustave = TestTokens.staff(1, hotel);
        String zero = TestTokens.staff(2, hotel);
        long conversation = createDirect(gustave, 2);
        BlockingQueue<PusherEvent> onConversation =
                subscribe(zero, conversationChannel(conversation), "attachment-updated", "message-deleted");
        String id = (String) upload(gustave, conversation, "spill.png", MediaType.IMAGE_PNG, png(800, 600))
                .get("id");
        assertThat(json(next(onConversation, "attachment-updated", THUMBNAIL_WAIT)))
                .containsEntry("attachmentId", id)
                .containsKey("thumbnail");
        long messageId = ((Number) sendWithAttachments(gustave, conversation, "Spill in the lobby", List.of(id))
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id"))
                .longValue();
        // URLs minted before the delete: the files behind them go with the message
        String fileUrl =
                (String) get(zero, "/api/v1/attachments/" + id + "/url").get("url");
        String thumbnailUrl = (String) get(zero, "/api/v1/attachments/" + id + "/thumbnail-url?size=large")
                .get("url");
        assertThat(download(fileUrl).statusCode()).isEqualTo(200);
        assertThat(download(thumbnailUrl).statusCode()).isEqualTo(200);

        api.delete()
                .uri("/api/v1/messages/{id}", messageId)
                .headers(h -> h.setBearerAuth(gustave))
                .exchange()
                .expectStatus()
                .isNoContent();

        // two services react to the delete, each on its own topic: the two events may arrive in either order
        Map<String, PusherEvent> afterDelete =
                nextOfEach(onConversation, EVENT_WAIT, "message-deleted", "attachment-updated");
        assertThat(((Number) json(afterDelete.get("message-deleted")).get("id")).longValue())
                .isEqualTo(messageId);
        assertThat(json(afterDelete.get("attachment-updated")))
                .containsEntry("attachmentId", id)
                .containsEntry("deleted", true);
        await().atMost(EVENT_WAIT)
                .untilAsserted(() -> expectNotFound(api.get().uri("/api/v1/attachments/{id}", id), gustave));
        expectNotFound(api.get().uri("/api/v1/attachments/{id}/url", id), zero);
        assertThat(download(fileUrl).statusCode())
                .as("the file is gone from the store")
                .isEqualTo(404);
        assertThat(download(thumbnailUrl).statusCode())
                .as("the thumbnail is gone from the store")
                .isEqualTo(404);
        Map<?, ?> placeholder = (Map<?, ?>) ((List<?>) get(zero, "/api/v1/conversations/" + conversation + "/messages")
                        .get("messages"))
                .get(0);
        assertThat(placeholder.get("attachments")).isEqualTo(List.of());
    }

    // ---- the API, through the gateway ----

    private void seedStaff(String hotelSlug) {
        api.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(TestTokens.manager(1, hotelSlug)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "staff",
                        List.of(
                                Map.of("id", 1, "displayName", "M. Gustave", "department", "management"),
                                Map.of("id", 2, "displayName", "Zero Moustafa", "department", "lobby"))))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private long createDirect(String token, long other) {
        Map<?, ?> body = api.post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "DIRECT", "participantIds", List.of(other)))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    /** One file uploaded as multipart {@code files}; the one attachment of the 201. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> upload(String token, long conversation, String fileName, MediaType type, byte[] bytes) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("files", bytes).filename(fileName).contentType(type);
        Map<?, ?> body = api.post()
                .uri("/api/v1/conversations/{id}/attachments", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        List<?> attachments = (List<?>) body.get("attachments");
        assertThat(attachments).hasSize(1);
        return (Map<String, Object>) attachments.get(0);
    }

    private WebTestClient.ResponseSpec sendWithAttachments(
            String token, long conversation, String text, List<String> attachmentIds) {
        return api.post()
                .uri("/api/v1/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", text, "attachmentIds", attachmentIds))
                .exchange();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String token, String path) {
        return api.get()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static void expectNotFound(WebTestClient.RequestHeadersSpec<?> request, String token) {
        request.headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** A presigned URL fetched as a browser would: plain HTTP, no token. */
    private HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---- files ----

    /** A photo-like JPEG: a gradient with shapes, so the encoder has something to do. */
    private static byte[] jpeg(int width, int height) throws IOException {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    private static byte[] png(int width, int height) throws IOException {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "png");
    }

    private static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(230, 200, 120)));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.fillOval(width / 4, height / 4, width / 2, height / 2);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out))
                .as("an ImageIO writer for " + format)
                .isTrue();
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ---- Pusher ----

    private String conversationChannel(long conversation) {
        return "private-" + hotel + "-staff-conversation-" + conversation;
    }

    private static PusherEvent next(BlockingQueue<PusherEvent> events, String name, Duration wait)
            throws InterruptedException {
        PusherEvent event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as(name + " within " + wait).isNotNull();
        assertThat(event.getEventName()).isEqualTo(name);
        return event;
    }

    /** One event of each name, in whatever order they come; any other event fails. */
    private static Map<String, PusherEvent> nextOfEach(
            BlockingQueue<PusherEvent> events, Duration wait, String... names) throws InterruptedException {
        Map<String, PusherEvent> seen = new java.util.HashMap<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (seen.size() < names.length) {
            PusherEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event)
                    .as("%s within %s, got %s", List.of(names), wait, seen.keySet())
                    .isNotNull();
            assertThat(event.getEventName()).isIn((Object[]) names).isNotIn(seen.keySet());
            seen.put(event.getEventName(), event);
        }
        return seen;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(PusherEvent event) {
        return JSON.readValue(event.getData(), Map.class);
    }

    /** A pusher-java-client of {@code token}'s person, subscribed through the gateway's channel auth. */
    private BlockingQueue<PusherEvent> subscribe(String token, String channel, String... eventNames) {
        HttpChannelAuthorizer authorizer = new HttpChannelAuthorizer(system.gateway.url() + "/api/v1/realtime/auth");
        authorizer.setHeaders(Map.of("Authorization", "Bearer " + token));
        Pusher pusher = new Pusher(
                StaffChatSystem.PUSHER_KEY,
                new PusherOptions()
                        .setHost("127.0.0.1")
                        .setWsPort(system.realtime.port)
                        .setUseTLS(false)
                        .setChannelAuthorizer(authorizer));
        clients.add(pusher);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        pusher.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        if (change.getCurrentState() == ConnectionState.CONNECTED) {
                            connected.complete(null);
                        }
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {
                        connected.completeExceptionally(new IllegalStateException(message + " " + code, e));
                    }
                },
                ConnectionState.ALL);
        connected.orTimeout(20, TimeUnit.SECONDS).join();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
        pusher.subscribePrivate(
                channel,
                new PrivateChannelEventListener() {
                    @Override
                    public void onEvent(PusherEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onSubscriptionSucceeded(String channelName) {
                        subscribed.complete(null);
                    }

                    @Override
                    public void onAuthenticationFailure(String message, Exception e) {
                        subscribed.completeExceptionally(new IllegalStateException(message, e));
                    }
                },
                eventNames);
        subscribed.orTimeout(20, TimeUnit.SECONDS).join();
        return events;
    }
}

package com.staffchat.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.staffchat.notification.push.PushNotification.Kind;
import com.staffchat.testsupport.FcmTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a phone receives for each kind of push: the JSON firebase-admin sends for our payloads,
 * as the local FCM server received it.
 */
class FcmPayloadsTest {

    static final FcmFixture fcm = new FcmFixture();
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    final FcmPayloads payloads =
            new FcmPayloads("staff-messages", Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC), 4096);

    @AfterAll
    static void stop() {
        fcm.close();
    }

    @BeforeEach
    void reset() {
        fcm.server.reset();
    }

    static PushNotification push(Kind kind, String title, String preview) {
        return new PushNotification(
                UUID.randomUUID(),
                "grand-budapest",
                42L,
                kind == Kind.READ ? null : 7001L,
                17,
                title,
                preview,
                5,
                kind,
                List.of("device-a"));
    }

    /** Sends the push through firebase-admin and returns the {@code message} the server received. */
    JsonNode sent(PushNotification push) throws FirebaseMessagingException {
        BatchResponse response = fcm.messaging().sendEach(payloads.messages(push, push.tokens()));
        assertThat(response.getSuccessCount()).isEqualTo(push.tokens().size());
        List<FcmTestServer.Request> requests = fcm.server.requests();
        assertThat(requests).hasSize(push.tokens().size());
        assertThat(requests.get(0).projectId()).isEqualTo(FcmFixture.PROJECT);
        return requests.get(0).message();
    }

    @Test
    void newMessageIsAVisibleNotificationWithBadgeInTheConversationsThread() throws Exception {
        JsonNode message = sent(push(Kind.NEW_MESSAGE, "Front desk", "Room 12 needs towels"));

        assertThat(message.path("token").asString()).isEqualTo("device-a");
        assertThat(message.path("notification").path("title").asString()).isEqualTo("Front desk");
        assertThat(message.path("notification").path("body").asString()).isEqualTo("Room 12 needs towels");
        assertData(message, "NEW_MESSAGE");
        assertThat(message.path("data").path("messageId").asString()).isEqualTo("7001");

        JsonNode android = message.path("android");
        assertThat(android.path("priority").asString()).isEqualTo("high");
        assertThat(android.path("collapse_key").asString()).isEqualTo("conversation-42");
        assertThat(android.path("ttl").asString()).isEqualTo("3600s");
        assertThat(android.path("notification").path("channel_id").asString()).isEqualTo("staff-messages");
        assertThat(android.path("notification").path("tag").asString()).isEqualTo("conversation-42");
        assertThat(android.path("notification").path("notification_count").asInt())
                .isEqualTo(5);

        JsonNode apns = message.path("apns");
        assertThat(apns.path("headers").path("apns-push-type").asString()).isEqualTo("alert");
        assertThat(apns.path("headers").path("apns-priority").asString()).isEqualTo("10");
        assertThat(apns.path("headers").path("apns-collapse-id").asString()).isEqualTo("conversation-42");
        assertThat(apns.path("headers").path("apns-expiration").asString())
                .isEqualTo(Long.toString(NOW.plusSeconds(3600).getEpochSecond()));
        JsonNode aps = apns.path("payload").path("aps");
        assertThat(aps.path("badge").asInt()).isEqualTo(5);
        assertThat(aps.path("thread-id").asString()).isEqualTo("conversation-42");
        assertThat(aps.path("sound").asString()).isEqualTo("default");
        assertThat(aps.has("content-available")).isFalse();
    }

    @Test
    void editIsADataMessageCarryingTheNewText() throws Exception {
        JsonNode message = sent(push(Kind.MESSAGE_EDITED, "Front desk", "Room 12 needs towels and soap"));

        assertThat(message.has("notification")).isFalse();
        assertData(message, "MESSAGE_EDITED");
        assertThat(message.path("data").path("messageId").asString()).isEqualTo("7001");
        assertThat(message.path("data").path("title").asString()).isEqualTo("Front desk");
        assertThat(message.path("data").path("body").asString()).isEqualTo("Room 12 needs towels and soap");
        assertBackgroundUpdate(message);
    }

    @Test
    void deleteCarriesNothingOfTheDeletedContent() throws Exception {
        JsonNode message = sent(push(Kind.MESSAGE_DELETED, "Front desk", "the secret text"));

        assertThat(message.has("notification")).isFalse();
        assertData(message, "MESSAGE_DELETED");
        assertThat(message.path("data").path("messageId").asString()).isEqualTo("7001");
        assertThat(message.path("data").has("body")).isFalse();
        assertThat(message.path("data").has("title")).isFalse();
        assertThat(message.toString()).doesNotContain("secret");
        assertBackgroundUpdate(message);
    }

    @Test
    void readClearsTheConversationAndSetsTheBadge() throws Exception {
        JsonNode message = sent(new PushNotification(
                UUID.randomUUID(), "grand-budapest", 42L, null, 17, null, null, 0, Kind.READ, List.of("device-a")));

        assertThat(message.has("notification")).isFalse();
        assertThat(message.path("data").path("kind").asString()).isEqualTo("READ");
        assertThat(message.path("data").path("seq").asString()).isEqualTo("17");
        assertThat(message.path("data").path("badge").asString()).isEqualTo("0");
        assertThat(message.path("data").has("messageId")).isFalse();
        assertThat(message.path("apns")
                        .path("payload")
                        .path("aps")
                        .path("badge")
                        .asInt())
                .isZero();
        assertBackgroundUpdate(message);
    }

    @Test
    void hugeTitleAndPreviewAreCutToFitFcmsFourKilobytes() throws Exception {
        String hugeTitle = "🛎".repeat(5_000);
        String hugePreview = "Zimmer ".repeat(3_000) + "\u0001".repeat(2_000);
        PushNotification push = new PushNotification(
                UUID.randomUUID(),
                "grand-budapest",
                42L,
                7001L,
                17,
                hugeTitle,
                hugePreview,
                5,
                Kind.NEW_MESSAGE,
                List.of("t".repeat(400)));

        JsonNode message = sent(push);

        assertThat(fcm.server.requests().get(0).messageBytes()).isLessThanOrEqualTo(FcmPayloads.MAX_MESSAGE_BYTES);
        String title = message.path("notification").path("title").asString();
        String body = message.path("notification").path("body").asString();
        assertThat(title).startsWith("🛎🛎").endsWith("…");
        assertThat(body).startsWith("Zimmer Zimmer").endsWith("…");
        assertThat(title.codePointCount(0, title.length())).isEqualTo(FcmPayloads.MAX_TITLE_CODE_POINTS);
        assertThat(body.codePointCount(0, body.length())).isEqualTo(FcmPayloads.MAX_PREVIEW_CODE_POINTS);

        // an edit carries the same text as data: cut the same way
        fcm.server.reset();
        JsonNode edit = sent(new PushNotification(
                UUID.randomUUID(),
                "grand-budapest",
                42L,
                7001L,
                17,
                hugeTitle,
                hugePreview,
                5,
                Kind.MESSAGE_EDITED,
                List.of("t".repeat(400))));
        assertThat(fcm.server.requests().get(0).messageBytes()).isLessThanOrEqualTo(FcmPayloads.MAX_MESSAGE_BYTES);
        assertThat(edit.path("data").path("body").asString()).endsWith("…");
    }

    @Test
    void whenTheBoundIsTightThePreviewGivesWayBeforeTheTitle() {
        // escaped control characters take 6 bytes each: 300 of them exceed a 1,500-byte bound alone
        FcmPayloads tight = new FcmPayloads("messages", Duration.ofHours(1), Clock.systemUTC(), 1500);
        PushNotification push = push(Kind.NEW_MESSAGE, "Housekeeping", "\u0001".repeat(300));

        var message = tight.messages(push, push.tokens()).get(0);
        String json = new String(FcmPayloads.json(message), StandardCharsets.UTF_8);

        assertThat(FcmPayloads.json(message).length).isLessThanOrEqualTo(1500).isGreaterThan(1400);
        assertThat(json).contains("\"title\":\"Housekeeping\"").contains("…");

        // with no room for any preview, the title is cut too
        FcmPayloads tighter = new FcmPayloads("messages", Duration.ofHours(1), Clock.systemUTC(), 1000);
        PushNotification longTitle = push(Kind.NEW_MESSAGE, "\u0002".repeat(100), "\u0001".repeat(300));
        var cut = tighter.messages(longTitle, longTitle.tokens()).get(0);
        assertThat(FcmPayloads.json(cut).length).isLessThanOrEqualTo(1000);
        assertThat(new String(FcmPayloads.json(cut), StandardCharsets.UTF_8)).contains("\"body\":\"\"");
    }

    @Test
    void everyRequestCarriesTheServiceAccountsBearerToken() throws Exception {
        sent(push(Kind.NEW_MESSAGE, "Front desk", "hello"));

        assertThat(fcm.server.requests().get(0).authorization()).isEqualTo("Bearer " + FcmFixture.ACCESS_TOKEN);
    }

    private static void assertData(JsonNode message, String kind) {
        JsonNode data = message.path("data");
        assertThat(data.path("hotel").asString()).isEqualTo("grand-budapest");
        assertThat(data.path("conversationId").asString()).isEqualTo("42");
        assertThat(data.path("seq").asString()).isEqualTo("17");
        assertThat(data.path("kind").asString()).isEqualTo(kind);
        assertThat(data.path("badge").asString()).isEqualTo("5");
    }

    /** A data message: no visible notification on either platform, the badge set on iOS. */
    private static void assertBackgroundUpdate(JsonNode message) {
        JsonNode android = message.path("android");
        assertThat(android.path("priority").asString()).isEqualTo("normal");
        assertThat(android.path("collapse_key").asString()).isEqualTo("conversation-42");
        assertThat(android.has("notification")).isFalse();
        JsonNode apns = message.path("apns");
        assertThat(apns.path("headers").path("apns-push-type").asString()).isEqualTo("background");
        assertThat(apns.path("headers").path("apns-priority").asString()).isEqualTo("5");
        assertThat(apns.path("headers").path("apns-collapse-id").asString()).isEqualTo("conversation-42");
        JsonNode aps = apns.path("payload").path("aps");
        assertThat(aps.path("content-available").asInt()).isEqualTo(1);
        assertThat(aps.path("thread-id").asString()).isEqualTo("conversation-42");
        assertThat(aps.has("alert")).isFalse();
        assertThat(aps.has("sound")).isFalse();
    }
}

package com.staffchat.notification.push;

import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link PushNotification} into firebase-admin {@link Message}s, one per token.
 *
 * <ul>
 *   <li>Every kind carries data {@code hotel}, {@code conversationId}, {@code messageId} (not for
 *       READ), {@code seq}, {@code kind} and {@code badge}, all strings.
 *   <li>NEW_MESSAGE is a visible notification (title, preview) at high priority: Android in the
 *       configured channel, tagged with the conversation so a newer one replaces it; APNs an alert
 *       with the badge, a sound and the conversation as {@code thread-id} and {@code apns-collapse-id}.
 *   <li>MESSAGE_EDITED, MESSAGE_DELETED and READ are data messages at normal priority (APNs
 *       {@code content-available}, push type background, priority 5) with the new badge: the app
 *       updates the shown notification (an edit carries the new title and preview), withdraws it (a
 *       delete carries no content) or clears the conversation (read). The platforms do not let a
 *       server withdraw a shown notification itself; this is as far as they allow.
 *   <li>Android's collapse key is the conversation on every kind: a device that was offline gets the
 *       newest state of each conversation, not every step.
 * </ul>
 *
 * Each message, as firebase-admin serialises it, stays within FCM's 4,096 bytes: the title and the
 * preview are cut (by code points, with an ellipsis) until it fits.
 */
public final class FcmPayloads {

    /** FCM's limit for a message's payload; applied here to the whole serialised message, token included. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    /** Longest title shown, in code points: a phone shows one line of it. */
    static final int MAX_TITLE_CODE_POINTS = 100;

    /** Longest preview, in code points: a phone shows a few lines; the app has the whole message. */
    static final int MAX_PREVIEW_CODE_POINTS = 300;

    private static final String ELLIPSIS = "…";
    private static final JsonFactory JSON = GsonFactory.getDefaultInstance();

    private final String androidChannelId;
    private final Duration timeToLive;
    private final Clock clock;
    private final int maxBytes;

    public FcmPayloads(String androidChannelId, Duration timeToLive) {
        this(androidChannelId, timeToLive, Clock.systemUTC(), MAX_MESSAGE_BYTES);
    }

    FcmPayloads(String androidChannelId, Duration timeToLive, Clock clock, int maxBytes) {
        this.androidChannelId = androidChannelId;
        this.timeToLive = timeToLive;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** One message per token, each within {@link #MAX_MESSAGE_BYTES}. */
    public List<Message> messages(PushNotification push, List<String> tokens) {
        String longestToken =
                tokens.stream().max(Comparator.comparingInt(String::length)).orElse("");
        Text text = fit(push, longestToken);
        return tokens.stream().map(token -> build(push, token, text)).toList();
    }

    /** The JSON firebase-admin sends for {@code message} (the {@code message} object of the request). */
    static byte[] json(Message message) {
        try {
            return JSON.toByteArray(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Text(@Nullable String title, @Nullable String body) {}

    /** The title and preview to send, cut so that the message for the longest token fits. */
    private Text fit(PushNotification push, String token) {
        if (push.kind() == PushNotification.Kind.MESSAGE_DELETED || push.kind() == PushNotification.Kind.READ) {
            return new Text(null, null); // nothing of deleted content, nothing to show for a read
        }
        String title = cut(push.title(), MAX_TITLE_CODE_POINTS);
        String body = cut(push.preview(), MAX_PREVIEW_CODE_POINTS);
        if (fits(push, token, title, body)) {
            return new Text(title, body);
        }
        // The preview gives way first, then the title: the longest that fits, found by halving.
        String fittedBody = longestFitting(body, candidate -> fits(push, token, title, candidate));
        if (fittedBody != null) {
            return new Text(title, fittedBody);
        }
        String fittedTitle = longestFitting(title, candidate -> fits(push, token, candidate, ""));
        if (fittedTitle == null) {
            throw new IllegalArgumentException("a push for conversation " + push.conversationId() + " exceeds "
                    + maxBytes + " bytes without any title or preview");
        }
        return new Text(fittedTitle, "");
    }

    private boolean fits(PushNotification push, String token, @Nullable String title, @Nullable String body) {
        return json(build(push, token, new Text(title, body))).length <= maxBytes;
    }

    /**
     * The longest prefix of {@code text} (cut with an ellipsis) that {@code fits}, given that the
     * whole of it does not; "" if no prefix fits; null if not even "" fits.
     */
    private static @Nullable String longestFitting(@Nullable String text, Predicate<String> fits) {
        if (!fits.test("")) {
            return null;
        }
        if (text == null || text.isEmpty()) {
            return "";
        }
        int low = 0; // code points known to fit
        int high = text.codePointCount(0, text.length()); // known not to fit
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (fits.test(prefix(text, mid))) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low == 0 ? "" : prefix(text, low);
    }

    private static @Nullable String cut(@Nullable String text, int maxCodePoints) {
        if (text == null || text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return prefix(text, maxCodePoints);
    }

    /** The first {@code codePoints - 1} code points and an ellipsis: {@code codePoints} in all. */
    private static String prefix(String text, int codePoints) {
        int end = text.offsetByCodePoints(0, codePoints - 1);
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    private Message build(PushNotification push, String token, Text text) {
        String conversationKey = "conversation-" + push.conversationId();
        Message.Builder message = Message.builder()
                .setToken(token)
                .putData("hotel", push.hotel())
                .putData("conversationId", Long.toString(push.conversationId()))
                .putData("seq", Long.toString(push.seq()))
                .putData("kind", push.kind().name())
                .putData("badge", Integer.toString(push.badge()));
        if (push.messageId() != null) {
            message.putData("messageId", Long.toString(push.messageId()));
        }
        AndroidConfig.Builder android =
                AndroidConfig.builder().setCollapseKey(conversationKey).setTtl(timeToLive.toMillis());
        ApnsConfig.Builder apns = ApnsConfig.builder()
                .putHeader("apns-collapse-id", conversationKey)
                .putHeader(
                        "apns-expiration",
                        Long.toString(clock.instant().plus(timeToLive).getEpochSecond()));
        Aps.Builder aps = Aps.builder().setBadge(push.badge()).setThreadId(conversationKey);

        if (push.kind() == PushNotification.Kind.NEW_MESSAGE) {
            message.setNotification(Notification.builder()
                    .setTitle(text.title())
                    .setBody(text.body())
                    .build());
            android.setPriority(AndroidConfig.Priority.HIGH)
                    .setNotification(AndroidNotification.builder()
                            .setChannelId(androidChannelId)
                            .setTag(conversationKey)
                            .setNotificationCount(push.badge())
                            .build());
            apns.putHeader("apns-push-type", "alert").putHeader("apns-priority", "10");
            aps.setSound("default");
        } else {
            if (push.kind() == PushNotification.Kind.MESSAGE_EDITED) {
                if (text.title() != null) {
                    message.putData("title", text.title());
                }
                if (text.body() != null) {
                    message.putData("body", text.body());
                }
            }
            android.setPriority(AndroidConfig.Priority.NORMAL);
            apns.putHeader("apns-push-type", "background").putHeader("apns-priority", "5");
            aps.setContentAvailable(true);
        }
        return message.setAndroidConfig(android.build())
                .setApnsConfig(apns.setAps(aps.build()).build())
                .build();
    }
}

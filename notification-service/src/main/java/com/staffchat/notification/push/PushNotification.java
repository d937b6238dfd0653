package com.staffchat.notification.push;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One push to one person's devices.
 *
 * @param eventId the event it answers (the Kafka envelope's id): a token gets at most one push per
 *     event, however often the event is delivered
 * @param hotel the hotel slug
 * @param conversationId the conversation
 * @param messageId the message, or null for {@link Kind#READ}
 * @param seq the message's sequence number in the conversation (for {@link Kind#READ}: read up to)
 * @param title the conversation's or sender's name, shown for {@link Kind#NEW_MESSAGE}
 * @param preview the text shown ("📎 photo" for a file, made by the caller); never sent for
 *     {@link Kind#MESSAGE_DELETED} or {@link Kind#READ}
 * @param badge the person's total unread count after this event
 * @param kind what happened
 * @param tokens the person's device tokens
 */
public record PushNotification(
        UUID eventId,
        String hotel,
        long conversationId,
        @Nullable Long messageId,
        long seq,
        @Nullable String title,
        @Nullable String preview,
        int badge,
        Kind kind,
        List<String> tokens) {

    /** What a push tells the device. */
    public enum Kind {
        /** A message to show: a visible notification. */
        NEW_MESSAGE,
        /** A shown message was edited: a data message the app uses to update it. */
        MESSAGE_EDITED,
        /** A shown message was deleted: a data message the app uses to withdraw it. */
        MESSAGE_DELETED,
        /** The person read the conversation elsewhere: a data message that clears it and sets the badge. */
        READ
    }

    public PushNotification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(hotel, "hotel");
        Objects.requireNonNull(kind, "kind");
        tokens = List.copyOf(tokens).stream().distinct().toList();
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a push needs at least one device token");
        }
        if (badge < 0) {
            throw new IllegalArgumentException("badge must not be negative: " + badge);
        }
        if (kind == Kind.NEW_MESSAGE && (title == null || title.isBlank())) {
            throw new IllegalArgumentException("a new-message push needs a title");
        }
        if (kind != Kind.READ && messageId == null) {
            throw new IllegalArgumentException(kind + " needs a message id");
        }
    }
}

package com.staffchat.notification.projection;

import com.staffchat.events.ConversationKind;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One conversation's whole state as message-service knew it at one moment (a snapshot):
 * {@link Projection#replaceConversation} makes it the projection's. {@code lastSeq} is the newest
 * message's seq; every participant is listed, and nobody else takes part.
 */
public record ConversationState(
        long conversationId,
        @Nullable ConversationKind kind,
        @Nullable String title,
        long lastSeq,
        List<Participant> participants) {

    public ConversationState {
        participants = List.copyOf(participants);
    }

    /** A participant's read position and mute ({@code mutedUntil} null: for good, or not muted). */
    public record Participant(
            long staffId,
            long lastReadSeq,
            boolean muted,
            @Nullable Instant mutedUntil) {}
}

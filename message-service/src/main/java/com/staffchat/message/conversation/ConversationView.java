package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import java.time.Instant;
import java.util.List;

/** A conversation as its participants see it. */
public record ConversationView(
        long id,
        ConversationKind kind,
        String title,
        String description,
        String avatarUrl,
        long createdBy,
        Instant createdAt,
        long lastSeq,
        Instant lastMessageAt,
        long unreadCount,
        List<ParticipantView> participants) {

    /** One participant and how far they have read. */
    public record ParticipantView(long staffId, String role, long lastReadSeq) {}
}

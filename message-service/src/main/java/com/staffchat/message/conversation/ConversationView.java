package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import com.staffchat.message.participant.Participant;
import java.time.Instant;
import java.util.List;

/** A conversation as its participants see it; {@code unreadCount} is the caller's. */
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
        List<Participant> participants) {}

package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/**
 * A staff member took back a reaction. {@code reactions} is the message's reactions after the change, in the message
 * shape, so a client replaces them without fetching the message.
 */
public record ReactionRemoved(
        long messageId,
        long conversationId,
        long seq,
        long staffId,
        String emoji,
        List<ReactionSummary> reactions,
        Instant at)
        implements ConversationEvent {

    public ReactionRemoved {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }
}

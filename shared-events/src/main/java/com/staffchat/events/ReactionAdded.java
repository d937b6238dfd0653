package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/**
 * A staff member reacted to a message with one emoji. {@code reactions} is the message's reactions after the change, in the message
 * shape, so a client replaces them without fetching the message.
 */
public record ReactionAdded(
        long messageId,
        long conversationId,
        long seq,
        long staffId,
        String emoji,
        List<ReactionSummary> reactions,
        Instant at)
        implements ConversationEvent {

    public ReactionAdded {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }
}

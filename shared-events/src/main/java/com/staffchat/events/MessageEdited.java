package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/**
 * A message's text was changed by its sender; the earlier text stays in its history. The fields are
 * those of the message shape ({@link MessageSent}) under the same names: {@code id} is the message
 * id, {@code body} and {@code mentions} the new ones (staff ids, never null).
 */
public record MessageEdited(
        long id, long conversationId, long seq, long senderId, String body, List<Long> mentions, Instant editedAt)
        implements ConversationEvent {

    public MessageEdited {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}

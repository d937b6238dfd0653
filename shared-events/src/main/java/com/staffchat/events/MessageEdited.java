package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/** A message's text was changed; the earlier text stays in its history. */
public record MessageEdited(
        long conversationId,
        long messageId,
        long seq,
        long editorId,
        String body,
        List<Long> mentionedStaffIds,
        Instant editedAt)
        implements ConversationEvent {}

package com.staffchat.events;

import java.time.Instant;

/** A participant's read position moved forward to {@code lastReadMessageId}. */
public record MessagesRead(long conversationId, long staffId, long lastReadMessageId, long lastReadSeq, Instant readAt)
        implements ConversationEvent {}

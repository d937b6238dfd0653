package com.staffchat.events;

import java.time.Instant;

/**
 * A participant's read position moved forward to {@code lastReadSeq}. {@code unreadCount} is what
 * stays unread for them in this conversation after the move, {@code totalUnreadCount} across all
 * their conversations, both as of the commit (what the reader's own {@code unread-count} shows).
 */
public record MessagesRead(
        long conversationId, long staffId, long lastReadSeq, long unreadCount, long totalUnreadCount, Instant readAt)
        implements ConversationEvent {}

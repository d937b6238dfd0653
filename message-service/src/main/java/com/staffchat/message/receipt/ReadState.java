package com.staffchat.message.receipt;

/**
 * The caller's read position in one conversation after a mark-read: {@code lastReadSeq}, the
 * conversation's newest {@code lastSeq}, what stays unread there and in total, and whether this
 * request moved the position ({@code false}: it was already there or further, nothing changed).
 */
record ReadState(
        long conversationId, long lastReadSeq, long lastSeq, long unreadCount, long totalUnreadCount, boolean moved) {}

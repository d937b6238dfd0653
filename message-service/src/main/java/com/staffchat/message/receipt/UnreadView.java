package com.staffchat.message.receipt;

import java.util.List;

/** {@code GET /api/v1/unread}: the total, and each conversation with anything unread, most recently active first. */
record UnreadView(long totalUnreadCount, List<Conversation> conversations) {

    record Conversation(long conversationId, long unreadCount, long lastReadSeq, long lastSeq) {}
}

package com.staffchat.message.receipt;

import java.time.Instant;
import java.util.List;

/**
 * Who of the message's conversation has read it: every participant but its sender, either in
 * {@code readBy} (with when their read position first reached the message, earliest first) or in
 * {@code notReadBy} (staff ids, ascending).
 */
record ReceiptsView(
        long messageId,
        long conversationId,
        long seq,
        long senderId,
        int readCount,
        int notReadCount,
        List<Reader> readBy,
        List<Long> notReadBy) {

    /** {@code readAt} is null only for a position moved before receipts were kept (migration V8). */
    record Reader(long staffId, Instant readAt) {}
}

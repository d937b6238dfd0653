/**
 * Read receipts and unread counts: marking a conversation read up to a {@code seq} (the position
 * itself is the participant package's), the history of those moves that says when each person
 * read a message, and the unread counts per conversation and in total.
 */
package com.staffchat.message.receipt;

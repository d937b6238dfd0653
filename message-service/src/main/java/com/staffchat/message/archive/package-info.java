/**
 * Archiving a conversation for oneself (it leaves my list until a new message arrives) or, by a group admin, for
 * everyone (read-only: sends, edits and reactions answer 409 {@code conversation-archived}), and unarchiving.
 */
package com.staffchat.message.archive;

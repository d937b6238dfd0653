package com.staffchat.message.sync;

import com.staffchat.message.conversation.ConversationView;
import com.staffchat.message.message.MessageView;
import java.time.Instant;
import java.util.List;

/**
 * One page of catch-up: the current state of everything that changed between the request's cursor and
 * {@code cursor}, never intermediate states. Applying a page twice, or an overlap of two, is harmless: every item
 * carries its ids and replaces what the client holds under them.
 *
 * @param cursor where to sync from next (opaque)
 * @param hasMore whether more changes wait: call again at once with {@code cursor}
 * @param conversations conversations I take part in whose state changed (title, newest message, my read position,
 *     archive or mute, people leaving), and conversations I joined, as {@code GET /conversations/{id}} answers them
 * @param removedConversationIds conversations I left or was removed from: drop them and everything in them
 * @param participants participant rows that changed in my conversations (people joining, roles, read positions), mine
 *     included; the read positions are what read receipts are made of
 * @param departures other people who left my conversations or were removed from them; apply them before {@code
 *     participants} (a person who left and came back is in both, and is a participant)
 * @param messages messages created, edited, soft-deleted (placeholder) or reacted to, and stubs of hard-deleted ones,
 *     as the message endpoints answer them, by conversation and seq; only those I may see
 */
public record SyncPage(
        String cursor,
        boolean hasMore,
        List<ConversationView> conversations,
        List<Long> removedConversationIds,
        List<ParticipantChange> participants,
        List<Departure> departures,
        List<MessageView> messages) {

    /** A participant as they are now in one of my conversations. */
    public record ParticipantChange(
            long conversationId, long staffId, String role, long lastReadSeq, Instant joinedAt) {}

    /** Someone who is no longer in one of my conversations: who, since when, and who removed them (themselves if they left). */
    public record Departure(long conversationId, long staffId, long removedBy, Instant leftAt) {}

    static SyncPage empty(String cursor) {
        return new SyncPage(cursor, false, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}

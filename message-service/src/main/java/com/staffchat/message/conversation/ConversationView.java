package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import com.staffchat.message.participant.Participant;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as one participant (the caller) sees it: what every participant sees, and the
 * caller's own state in it (role, read position, unread and mention counts, mute, archive). The
 * same shape in the list and for one conversation; only the latter carries {@code participants}.
 *
 * @param activityAt when the conversation last had activity (its newest message, else its
 *     creation): the list's order
 * @param lastReadSeq the caller's read position
 * @param unreadCount the caller's messages after their read position that they may see
 * @param mentionCount of those, the ones mentioning the caller
 * @param muted whether the caller muted it; {@code mutedUntil} null while muted means for good
 * @param archived archived by the caller for themselves (a newer message brings it back)
 * @param archivedForAll archived for everyone by a group admin: read-only
 * @param participantCount how many people take part (2 for a direct conversation)
 * @param otherParticipant for a direct conversation, the other person; null for a group
 * @param lastMessage the newest message, if the caller may see it; null otherwise
 * @param participants everyone in it, in joining order: only for one conversation, null in the list
 */
public record ConversationView(
        long id,
        ConversationKind kind,
        String title,
        String description,
        String avatarUrl,
        long createdBy,
        Instant createdAt,
        long lastSeq,
        Instant lastMessageAt,
        Instant activityAt,
        boolean historyVisible,
        String role,
        long lastReadSeq,
        long unreadCount,
        long mentionCount,
        boolean muted,
        Instant mutedUntil,
        boolean archived,
        Instant archivedAt,
        boolean archivedForAll,
        Instant archivedForAllAt,
        long participantCount,
        OtherParticipant otherParticipant,
        LastMessage lastMessage,
        List<Participant> participants) {

    /** The other person of a direct conversation, from the staff directory. */
    public record OtherParticipant(long staffId, String displayName, String handle, String avatarUrl, boolean active) {}

    /**
     * The preview of a conversation's newest message: its first {@value #MAX_PREVIEW_CODE_POINTS}
     * code points, or {@value #DELETED_PREVIEW} with {@code deleted} when it was deleted (soft or hard).
     */
    public record LastMessage(
            long id,
            long seq,
            long senderId,
            String senderDisplayName,
            String preview,
            String kind,
            Instant createdAt,
            boolean deleted) {

        /** The longest preview, in Unicode code points. */
        public static final int MAX_PREVIEW_CODE_POINTS = 100;

        /** The text in a deleted message's place: the one a listing of the messages shows too. */
        public static final String DELETED_PREVIEW = "[Message deleted]";
    }

    /** This view with the conversation's participants (for one conversation). */
    ConversationView withParticipants(List<Participant> all) {
        return new ConversationView(
                id,
                kind,
                title,
                description,
                avatarUrl,
                createdBy,
                createdAt,
                lastSeq,
                lastMessageAt,
                activityAt,
                historyVisible,
                role,
                lastReadSeq,
                unreadCount,
                mentionCount,
                muted,
                mutedUntil,
                archived,
                archivedAt,
                archivedForAll,
                archivedForAllAt,
                participantCount,
                otherParticipant,
                lastMessage,
                List.copyOf(all));
    }
}

package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of one conversation as a consumer's projection keeps it: who takes part, in which role, how far each
 * has read, who has it muted, and its newest {@code seq}. It travels in order with the conversation's other events, and
 * a consumer replaces what it holds for the conversation with it: what the events before it said is in it, what comes
 * after it applies on top. message-service writes one per conversation when asked to ({@code POST
 * /api/v1/admin/snapshots}, the actuator's {@code snapshots}), so a new or lost projection can be rebuilt without the
 * topic keeping every event. It is no change of its own: a consumer that keeps no state ignores it.
 */
public record ConversationSnapshot(
        long conversationId,
        ConversationKind kind,
        String title,
        long lastSeq,
        List<Participant> participants,
        Instant at)
        implements ConversationEvent {

    public ConversationSnapshot {
        participants = List.copyOf(participants);
    }

    /**
     * One participant as of the snapshot. {@code role} {@code ADMIN} or {@code MEMBER}; {@code muted} whether a mute
     * holds at {@code at}; {@code mutedUntil} when it ends, null when muted for good or not muted (as in {@link
     * ConversationMuted}).
     */
    public record Participant(long staffId, String role, long lastReadSeq, boolean muted, Instant mutedUntil) {}
}

package com.staffchat.events;

import java.util.List;

/**
 * The structured facts of a {@link MessageKind#SYSTEM} message, so a client renders it in its own
 * language (the message's {@code body} is the English sentence). {@code actorId} did it;
 * {@code staffIds} are the people it concerns (added, removed, whose role changed; empty for a title
 * change); {@code title} is the new title of {@code TITLE_CHANGED}; {@code role} the new role of
 * {@code ROLE_CHANGED} and {@code ADMIN_ASSIGNED}.
 */
public record SystemNote(Action action, long actorId, List<Long> staffIds, String title, String role) {

    /** What happened. */
    public enum Action {
        /** {@code actorId} added {@code staffIds}. */
        PARTICIPANTS_ADDED,
        /** {@code actorId} removed {@code staffIds}. */
        PARTICIPANTS_REMOVED,
        /** {@code actorId} left (then {@code staffIds} is just them). */
        PARTICIPANT_LEFT,
        /** {@code actorId} made {@code staffIds} {@code role}. */
        ROLE_CHANGED,
        /** The group had no admin left after {@code actorId}'s change; its longest-standing member became one. */
        ADMIN_ASSIGNED,
        /** {@code actorId} renamed the group to {@code title}. */
        TITLE_CHANGED
    }

    public SystemNote {
        staffIds = staffIds == null ? List.of() : List.copyOf(staffIds);
    }
}

package com.staffchat.events;

import java.time.Instant;

/**
 * A participant of a group became {@code ADMIN} or {@code MEMBER}. {@code automatic}: nobody asked
 * for it; the group's last admin left, was removed or was demoted, and its longest-standing member
 * was promoted so the group never stays without an admin ({@code changedBy} is who caused that).
 */
public record ParticipantRoleChanged(
        long conversationId, long changedBy, long staffId, String role, boolean automatic, Instant at)
        implements ConversationEvent {}

package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/** Staff members left or were removed from a group conversation ({@code removedBy} equals the one id when they left). */
public record ParticipantsRemoved(long conversationId, long removedBy, List<Long> staffIds, Instant at)
        implements ConversationEvent {}

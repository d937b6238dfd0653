package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/** Staff members joined a group conversation. */
public record ParticipantsAdded(long conversationId, long addedBy, List<Long> staffIds, Instant at)
        implements ConversationEvent {}

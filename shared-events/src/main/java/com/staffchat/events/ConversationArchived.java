package com.staffchat.events;

import java.time.Instant;

/**
 * A conversation was archived or unarchived ({@code archived} false), for one participant
 * ({@link ArchiveScope#SELF}) or by a group admin for everyone ({@link ArchiveScope#ALL}).
 */
public record ConversationArchived(long conversationId, long staffId, ArchiveScope scope, boolean archived, Instant at)
        implements ConversationEvent {}

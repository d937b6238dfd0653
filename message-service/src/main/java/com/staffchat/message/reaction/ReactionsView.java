package com.staffchat.message.reaction;

import com.staffchat.events.ReactionSummary;
import java.util.List;

/** A message's reactions after the caller's change, as the caller sees them (with {@code reactedByMe}). */
record ReactionsView(long messageId, long conversationId, long seq, List<ReactionSummary> reactions) {}

package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import com.staffchat.support.validation.MaxCodePoints;
import com.staffchat.support.validation.MultilineText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Request to start a conversation. The caller is always a participant and need not be listed.
 * DIRECT takes exactly one other person and returns the existing conversation when there is one.
 * {@code historyVisible} (groups; default true): whether people added later see the messages from
 * before they joined.
 */
record CreateConversation(
        @NotNull ConversationKind kind,
        @NotNull @Size(min = 1, max = 500) List<@NotNull @Positive Long> participantIds,
        @MaxCodePoints(200) String title,
        @MultilineText @MaxCodePoints(2000) String description,
        Boolean historyVisible) {}

package com.staffchat.message.archive;

import com.staffchat.support.problem.DomainException;

/**
 * The answer to a change of a conversation archived for everyone: 409 with the problem type {@value #TYPE}, so a
 * client can tell it from other conflicts and show the conversation as read-only.
 */
public final class ReadOnly {

    /** The problem type's slug ({@code https://staffchat.dev/problems/conversation-archived}). */
    public static final String TYPE = "conversation-archived";

    private ReadOnly() {}

    public static DomainException conflict(long conversationId) {
        return DomainException.conflict(
                TYPE,
                "Conversation archived",
                "conversation " + conversationId
                        + " is archived for everyone and read-only; a group admin can unarchive it");
    }
}

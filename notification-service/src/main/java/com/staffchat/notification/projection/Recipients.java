package com.staffchat.notification.projection;

import java.util.List;

/**
 * Participants of one conversation (all, or those a query asked for), with the conversation's newest
 * {@code seq} and how many take part in all.
 */
public record Recipients(
        String hotel, long conversationId, long lastSeq, int memberCount, List<Recipient> participants) {

    public Recipients {
        participants = List.copyOf(participants);
    }

    /** Every participant listed: {@code memberCount} is their number. */
    public Recipients(String hotel, long conversationId, long lastSeq, List<Recipient> participants) {
        this(hotel, conversationId, lastSeq, participants.size(), participants);
    }
}

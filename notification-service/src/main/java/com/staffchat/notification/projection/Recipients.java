package com.staffchat.notification.projection;

import java.util.List;

/** Every participant of one conversation, with the conversation's newest {@code seq}. */
public record Recipients(String hotel, long conversationId, long lastSeq, List<Recipient> participants) {

    public Recipients {
        participants = List.copyOf(participants);
    }

    /** How many take part. */
    public int memberCount() {
        return participants.size();
    }
}

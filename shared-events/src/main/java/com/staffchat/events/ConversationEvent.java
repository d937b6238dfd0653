package com.staffchat.events;

/** An event on the {@link Topics#CONVERSATIONS} topic. */
public sealed interface ConversationEvent extends EventPayload
        permits ConversationCreated,
                ConversationUpdated,
                ConversationArchived,
                ConversationMuted,
                ParticipantsAdded,
                ParticipantsRemoved,
                MessageSent,
                MessageEdited,
                MessageDeleted,
                ReactionAdded,
                ReactionRemoved,
                MessagesRead,
                ParticipantRoleChanged,
                ConversationSnapshot {

    /** The conversation the event belongs to; events of one conversation share a key and stay in order. */
    long conversationId();

    @Override
    default String subject() {
        return Long.toString(conversationId());
    }
}

package com.staffchat.events;

/** An event on the {@link Topics#CONVERSATIONS} topic. */
public sealed interface ConversationEvent extends EventPayload
        permits ConversationCreated,
                ConversationUpdated,
                ConversationArchived,
                ParticipantsAdded,
                ParticipantsRemoved,
                MessageSent,
                MessageEdited,
                MessageDeleted,
                ReactionAdded,
                ReactionRemoved,
                MessagesRead {}

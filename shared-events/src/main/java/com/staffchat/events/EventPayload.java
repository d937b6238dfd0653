package com.staffchat.events;

/** The {@code data} of an event envelope. Each payload names the conversation its events are keyed by. */
public sealed interface EventPayload permits ConversationEvent, AttachmentEvent {

    /** The conversation the event belongs to; the Kafka record key. */
    long conversationId();
}

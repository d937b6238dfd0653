package com.staffchat.events;

/** The {@code data} of an event envelope. Each payload names what it is about: its envelope's subject and Kafka record key. */
public sealed interface EventPayload permits ConversationEvent, AttachmentEvent, StaffEvent {

    /** What the event is about (a conversation id, or a staff id): the envelope's subject and the Kafka record key. */
    String subject();
}

package com.staffchat.events;

/** An event on the {@link Topics#STAFF} topic: a change to whether a person of the hotel (the envelope's tenant) may use the chat. */
public sealed interface StaffEvent extends EventPayload permits StaffDeactivated, StaffReactivated {

    /** The person, unique within the hotel. */
    long staffId();

    @Override
    default String subject() {
        return Long.toString(staffId());
    }
}

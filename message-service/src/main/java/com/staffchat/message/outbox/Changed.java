package com.staffchat.message.outbox;

import com.staffchat.events.EventPayload;
import java.util.List;

/**
 * What a state change returns: its result and the events it caused. The service hands it to
 * {@link Outbox#record} inside the change's transaction, so the events are stored exactly when the
 * change is.
 */
public record Changed<T>(T result, List<EventPayload> events) {

    public Changed {
        events = List.copyOf(events);
    }

    public static <T> Changed<T> of(T result, EventPayload... events) {
        return new Changed<>(result, List.of(events));
    }

    /** The same change without its events, for a result that changed nothing (found, not created). */
    public static <T> Changed<T> none(T result) {
        return new Changed<>(result, List.of());
    }
}

package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4009: the app ended the connections of a signed-in user ({@code POST /apps/{id}/users/{user}/terminate_connections}). */
public final class TerminatedByApp extends PusherError {

    public TerminatedByApp(String userId) {
        super(4009, "Connection terminated by the app: user '" + userId + "' was signed out");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4009);
    }
}

package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4001: no app has the key in {@code /app/{key}}; the client should not reconnect unchanged. */
public final class ApplicationDoesNotExist extends PusherError {

    public ApplicationDoesNotExist(String key) {
        super(4001, "Application does not exist: no app has the key '" + key + "'");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4001);
    }
}

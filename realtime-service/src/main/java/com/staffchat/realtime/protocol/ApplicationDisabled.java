package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4003: the app exists but is disabled; the client should not reconnect unchanged. */
public final class ApplicationDisabled extends PusherError {

    public ApplicationDisabled(String key) {
        super(4003, "Application disabled: the app with the key '" + key + "' is disabled");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4003);
    }
}

package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4006: the {@code version} query parameter is not a version string such as {@code 8.6.0}. */
public final class InvalidVersionString extends PusherError {

    public InvalidVersionString(String given) {
        super(4006, "Invalid version string format: '" + given + "'");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4006);
    }
}

package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4005: the WebSocket path is not {@code /app/{key}}. */
public final class PathNotFound extends PusherError {

    public PathNotFound(String path) {
        super(4005, "Path not found: connect to /app/{key}, not " + path);
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4005);
    }
}

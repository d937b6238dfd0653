package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4007: the {@code protocol} query parameter names a version this server does not speak. */
public final class UnsupportedProtocolVersion extends PusherError {

    public UnsupportedProtocolVersion(String given) {
        super(
                4007,
                "Unsupported protocol version '" + given + "': this server speaks protocols " + ProtocolVersion.MIN
                        + " to " + ProtocolVersion.MAX);
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4007);
    }
}

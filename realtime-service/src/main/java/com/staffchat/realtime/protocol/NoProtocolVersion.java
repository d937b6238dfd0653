package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4008: the connection URL has no {@code protocol} query parameter. */
public final class NoProtocolVersion extends PusherError {

    public NoProtocolVersion() {
        super(4008, "No protocol version supplied: add ?protocol=7 to the connection URL");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4008);
    }
}

package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4201: the server pinged a silent connection and heard nothing back in time. */
public final class PongNotReceived extends PusherError {

    public PongNotReceived() {
        super(4201, "Pong reply not received");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4201);
    }
}

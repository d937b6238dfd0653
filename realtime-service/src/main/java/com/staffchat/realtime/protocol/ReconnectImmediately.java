package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4200: generic "reconnect immediately", for example when this node goes away. */
public final class ReconnectImmediately extends PusherError {

    public ReconnectImmediately(String reason) {
        super(4200, reason);
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4200);
    }
}

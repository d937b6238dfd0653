package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/**
 * 4100: the connection could not keep up (its outbound queue is full). The client may reconnect
 * after backing off, and then resynchronises instead of the server buffering without bound.
 */
public final class OverCapacity extends PusherError {

    public OverCapacity(int queuedFrames) {
        super(4100, "Over capacity: " + queuedFrames + " frames were waiting for this connection");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4100);
    }
}

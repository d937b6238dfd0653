package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4202: a client that neither pings nor answers pings was inactive for too long. */
public final class ClosedAfterInactivity extends PusherError {

    public ClosedAfterInactivity() {
        super(4202, "Closed after inactivity: the client neither pinged nor answered pings");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4202);
    }
}

package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/**
 * 4100: this client address already holds {@code max-connections-per-address} connections on this
 * node. In Pusher's 4100–4199 range ("over capacity"), so pusher-js and pusher-java-client back off
 * and reconnect by themselves, succeeding once one of that address's connections has closed. 4004
 * would make them give up for good, which is wrong for a limit that frees itself (many staff
 * behind one hotel's NAT may be near it for a while).
 */
public final class TooManyConnectionsFromAddress extends PusherError {

    public TooManyConnectionsFromAddress(int maxConnections) {
        super(
                4100,
                "Over capacity: at most " + maxConnections
                        + " connections from one address; reconnect after closing another");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4100);
    }
}

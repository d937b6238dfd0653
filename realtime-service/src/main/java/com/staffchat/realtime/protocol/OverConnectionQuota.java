package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4004: the app already has as many connections as its quota allows on this node. */
public final class OverConnectionQuota extends PusherError {

    public OverConnectionQuota(int maxConnections) {
        super(4004, "Over connection quota: this app allows " + maxConnections + " connections");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4004);
    }
}

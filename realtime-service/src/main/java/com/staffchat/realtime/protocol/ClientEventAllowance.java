package com.staffchat.realtime.protocol;

/** How many client events a connection may still send in the current second (a fixed one-second window). */
final class ClientEventAllowance {

    private final int perSecond;

    private long windowSecond;

    private int used;

    ClientEventAllowance(int perSecond) {
        this.perSecond = perSecond;
    }

    int perSecond() {
        return perSecond;
    }

    synchronized boolean tryUse(long nowMillis) {
        long second = nowMillis / 1000;
        if (second != windowSecond) {
            windowSecond = second;
            used = 0;
        }
        if (used >= perSecond) {
            return false;
        }
        used++;
        return true;
    }
}

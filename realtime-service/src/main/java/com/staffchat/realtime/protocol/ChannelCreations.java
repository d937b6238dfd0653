package com.staffchat.realtime.protocol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many new public channels each app got in the current second on this node
 * ({@code channel-creations-per-second}). Only public channels count: anyone who knows the app key
 * may name one, whereas each private, presence or user channel is vouched for by the app's own
 * authorization, so a stranger cannot use this allowance up for them.
 */
final class ChannelCreations {

    static final int UNBOUNDED = 0;

    private final int perSecond;

    private final Map<String, ClientEventAllowance> byApp = new ConcurrentHashMap<>();

    ChannelCreations(int perSecond) {
        this.perSecond = perSecond;
    }

    int perSecond() {
        return perSecond;
    }

    boolean bounded() {
        return perSecond != UNBOUNDED;
    }

    /** Takes one new channel's place for the app in the current second (the same fixed window as client events). */
    boolean tryCreate(String appId, long nowMillis) {
        return byApp.computeIfAbsent(appId, id -> new ClientEventAllowance(perSecond))
                .tryUse(nowMillis);
    }
}

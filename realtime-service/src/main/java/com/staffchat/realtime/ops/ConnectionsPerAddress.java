package com.staffchat.realtime.ops;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open WebSocket connections per client address on this node ({@code max-connections-per-address}),
 * across apps. An address is forgotten when its last connection closes, so the map never holds more
 * entries than there are connections.
 */
public final class ConnectionsPerAddress {

    private final int max;

    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections one address may hold; 0 for no bound */
    public ConnectionsPerAddress(int max) {
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** Takes a place for one more connection from {@code address}; false when it already holds {@code max}. */
    public boolean tryOpen(InetAddress address) {
        if (max == 0 || address == null) {
            return true;
        }
        boolean[] taken = {false};
        open.compute(address, (ignored, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back the place of a connection from {@code address} (one {@link #tryOpen} that answered true). */
    public void release(InetAddress address) {
        if (max == 0 || address == null) {
            return;
        }
        open.computeIfPresent(address, (ignored, count) -> count <= 1 ? null : count - 1);
    }
}

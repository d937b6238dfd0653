package com.staffchat.realtime.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * How many unauthenticated HTTP API requests (bad signature, key or timestamp; unknown app) each
 * client address made lately. Past {@code perSecond} failures a second (burst of one second's
 * worth), every request from that address is refused before its body is read or its signature
 * computed, until the rate allows one again. Kept apart from the apps' quotas, so that a stranger's
 * flood costs the apps nothing. An IPv6 client counts by its /64, which one host usually owns whole.
 */
final class FailedRequestsPerAddress {

    /** Addresses idle this long are forgotten; by then their allowance is full again anyway. */
    private static final Duration FORGET_AFTER = Duration.ofSeconds(10);

    private static final long MAX_ADDRESSES = 100_000;

    private final int perSecond;

    private final Cache<Object, RequestRate> rates;

    /** @param perSecond failures an address may make a second; 0 for no bound */
    FailedRequestsPerAddress(int perSecond) {
        this.perSecond = perSecond;
        this.rates = Caffeine.newBuilder()
                .expireAfterAccess(FORGET_AFTER)
                .maximumSize(MAX_ADDRESSES)
                .build();
    }

    int perSecond() {
        return perSecond;
    }

    /** Whether requests from {@code address} are refused for now. */
    boolean blocked(InetAddress address) {
        if (perSecond == 0 || address == null) {
            return false;
        }
        RequestRate rate = rates.getIfPresent(key(address));
        return rate != null && rate.exhausted(System.nanoTime());
    }

    /** Counts one unauthenticated request from {@code address}. */
    void failed(InetAddress address) {
        if (perSecond == 0 || address == null) {
            return;
        }
        long now = System.nanoTime();
        rates.get(key(address), ignored -> new RequestRate(perSecond, now)).tryAcquire(now);
    }

    private static Object key(InetAddress address) {
        if (address instanceof Inet6Address) {
            return Arrays.toString(Arrays.copyOf(address.getAddress(), 8));
        }
        return address;
    }
}

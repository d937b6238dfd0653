package com.staffchat.realtime.protocol;

import java.util.concurrent.ThreadLocalRandom;

/** Socket ids as Pusher writes them ({@code \d+\.\d+}), random so that they are unique across a fleet. */
final class SocketIds {

    private SocketIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextInt(1, Integer.MAX_VALUE) + "." + random.nextInt(1, Integer.MAX_VALUE);
    }
}

package com.staffchat.realtime.transport;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 encoding of outgoing frames, done once per frame rather than once per recipient: fan-out
 * hands the same String instance to every subscriber on one thread, so a one-entry cache per thread,
 * keyed by identity, turns N encodings (and N byte arrays) into one shared array.
 */
final class SharedEncoding {

    private static final ThreadLocal<Entry> LAST = ThreadLocal.withInitial(Entry::new);

    private SharedEncoding() {}

    static byte[] utf8(String frame) {
        Entry last = LAST.get();
        if (last.frame != frame) {
            last.bytes = frame.getBytes(StandardCharsets.UTF_8);
            last.frame = frame;
        }
        return last.bytes;
    }

    private static final class Entry {

        private String frame;

        private byte[] bytes;
    }
}

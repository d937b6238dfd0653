package com.staffchat.realtime.protocol;

/** What the protocol needs from a transport: queue a frame, close with a code. Neither may block. */
public interface Outbound {

    /** Queues a frame; false when it was not queued because the connection is closing or over capacity. */
    boolean send(String frame);

    /** Closes the connection after the frames already queued, with a Pusher close code. */
    void close(int code, String reason);
}

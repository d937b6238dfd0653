package com.staffchat.realtime.fleet;

/** A connection on this node that receives a channel's frames. */
public interface Subscriber {

    String socketId();

    /** Queues a frame for the client; must not block. */
    void deliver(String frame);

    /** The user the connection signed in as ({@code pusher:signin}), null while it has not. */
    default String userId() {
        return null;
    }
}

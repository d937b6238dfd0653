package com.staffchat.realtime.fleet;

/** A signed-in user's connection on this node, which {@code terminate_connections} closes. */
public interface UserSession {

    String socketId();

    /** Closes the connection; must not block. */
    void terminate();
}

package com.staffchat.realtime.protocol;

/**
 * 4301: a client event was dropped because the connection sent more than its allowance per second.
 * The connection stays open.
 */
public final class ClientEventRejected extends PusherError {

    public ClientEventRejected(int perSecond) {
        super(4301, "Client event rejected due to rate limit: at most " + perSecond + " client events a second");
    }
}

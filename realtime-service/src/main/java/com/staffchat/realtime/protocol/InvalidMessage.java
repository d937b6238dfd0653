package com.staffchat.realtime.protocol;

/**
 * A frame the server cannot act on (not JSON, no event, an event it does not know). Pusher reports
 * these without a code; the connection stays open.
 */
public final class InvalidMessage extends PusherError {

    public InvalidMessage(String message) {
        super(null, message);
    }
}

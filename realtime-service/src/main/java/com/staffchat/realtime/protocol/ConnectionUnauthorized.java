package com.staffchat.realtime.protocol;

import java.util.List;

/**
 * 4009: a private or presence subscription whose authorization is missing or wrong. The client
 * gets {@code pusher:error} with code 4009 (connection listeners of every client library see it)
 * and a {@code pusher:subscription_error} on the channel, shaped like the one pusher-js emits
 * itself when the auth endpoint refuses, so channel-level handlers see it too. The connection
 * stays open. A refused {@code pusher:signin} has no channel and gets the error frame only.
 */
public final class ConnectionUnauthorized extends PusherError {

    private final String channel;

    public ConnectionUnauthorized(String channel, String message) {
        super(4009, message);
        this.channel = channel;
    }

    /** A refused sign-in: the {@code pusher:error} frame alone. */
    public ConnectionUnauthorized(String message) {
        this(null, message);
    }

    @Override
    public List<String> frames() {
        if (channel == null) {
            return super.frames();
        }
        return List.of(
                Frames.error(code(), getMessage()), Frames.subscriptionError(channel, "AuthError", getMessage(), 401));
    }
}

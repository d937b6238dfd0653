package com.staffchat.realtime.protocol;

import java.util.List;

/**
 * A subscription the server refuses for a reason other than its signature: an invalid channel
 * name, malformed presence data, a full presence channel. Reported like {@link ConnectionUnauthorized}
 * but without a code, as Pusher does; the connection stays open.
 */
public final class SubscriptionRefused extends PusherError {

    private final String channel;

    private final int status;

    public SubscriptionRefused(String channel, int status, String message) {
        super(null, message);
        this.channel = channel;
        this.status = status;
    }

    @Override
    public List<String> frames() {
        if (channel == null) {
            return super.frames();
        }
        return List.of(
                Frames.error(null, getMessage()),
                Frames.subscriptionError(channel, "SubscriptionError", getMessage(), status));
    }
}

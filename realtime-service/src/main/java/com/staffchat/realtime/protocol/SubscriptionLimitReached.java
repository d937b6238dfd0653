package com.staffchat.realtime.protocol;

import java.util.List;

/**
 * A {@code pusher:subscribe} refused because the connection already holds as many subscriptions as
 * {@code max-subscriptions-per-connection} allows. Pusher has no error code for a refused
 * subscription, so, as for a full presence channel, the client gets a {@code pusher:error} without a
 * code and a {@code pusher:subscription_error} on that channel with status 429: pusher-js hands it to
 * the channel's {@code pusher:subscription_error} handlers and leaves the channel unsubscribed, and
 * the connection and its other subscriptions stay. Closing with a 4xxx code instead would cost the
 * client every subscription it already has.
 */
public final class SubscriptionLimitReached extends PusherError {

    static final String TYPE = "LimitReached";

    private final String channel;

    public SubscriptionLimitReached(String channel, int maxSubscriptions) {
        super(
                null,
                "Subscription refused: this connection is already subscribed to " + maxSubscriptions
                        + " channels, the most allowed; unsubscribe from one first");
        this.channel = channel;
    }

    @Override
    public List<String> frames() {
        return List.of(Frames.error(null, getMessage()), Frames.subscriptionError(channel, TYPE, getMessage(), 429));
    }
}

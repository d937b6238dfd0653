package com.staffchat.realtime.protocol;

import java.util.List;

/**
 * A {@code pusher:subscribe} to a public channel nobody is subscribed to yet, refused because the
 * app already got {@code channel-creations-per-second} new channels this second on this node. A new
 * channel is what costs shared state, webhooks, the event stream and the presence topic in a fleet.
 * Reported like {@link SubscriptionLimitReached} (no code, status 429: the same subscribe may
 * succeed a second later); the connection stays.
 */
public final class ChannelCreationRateLimited extends PusherError {

    private final String channel;

    public ChannelCreationRateLimited(String channel, int perSecond) {
        super(
                null,
                "Subscription refused: this app may open at most " + perSecond
                        + " new public channels a second; retry later");
        this.channel = channel;
    }

    @Override
    public List<String> frames() {
        return List.of(
                Frames.error(null, getMessage()),
                Frames.subscriptionError(channel, SubscriptionLimitReached.TYPE, getMessage(), 429));
    }
}

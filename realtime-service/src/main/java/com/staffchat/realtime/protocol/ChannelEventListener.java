package com.staffchat.realtime.protocol;

import reactor.core.publisher.Mono;

/**
 * Told about channel events that only the protocol sees (the registry sees joins and leaves), so
 * that they can become webhooks: a client event relayed on a channel, a cache miss.
 */
public interface ChannelEventListener {

    /** Listens to nothing: the default when no webhooks are configured. */
    ChannelEventListener NONE = new ChannelEventListener() {};

    /** A client event was relayed; {@code userId} is the sender's presence user, null elsewhere. */
    default Mono<Void> clientEvent(
            String appId, String channel, String event, String data, String socketId, String userId) {
        return Mono.empty();
    }

    /** A subscriber to a cache channel found no cached event. */
    default Mono<Void> cacheMiss(String appId, String channel) {
        return Mono.empty();
    }
}

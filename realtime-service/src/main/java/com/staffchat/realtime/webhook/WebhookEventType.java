package com.staffchat.realtime.webhook;

import java.util.Set;
import java.util.stream.Collectors;

/** Pusher's webhook event names. */
final class WebhookEventType {

    static final String CHANNEL_OCCUPIED = "channel_occupied";

    static final String CHANNEL_VACATED = "channel_vacated";

    static final String MEMBER_ADDED = "member_added";

    static final String MEMBER_REMOVED = "member_removed";

    static final String CLIENT_EVENT = "client_event";

    static final String CACHE_MISS = "cache_miss";

    static final String SUBSCRIPTION_COUNT = "subscription_count";

    static final Set<String> ALL = Set.of(
            CHANNEL_OCCUPIED,
            CHANNEL_VACATED,
            MEMBER_ADDED,
            MEMBER_REMOVED,
            CLIENT_EVENT,
            CACHE_MISS,
            SUBSCRIPTION_COUNT);

    /** What a webhook without {@code event-types} receives: everything but subscription_count, as in Pusher. */
    static final Set<String> DEFAULT =
            ALL.stream().filter(type -> !type.equals(SUBSCRIPTION_COUNT)).collect(Collectors.toUnmodifiableSet());

    private WebhookEventType() {}
}

package com.staffchat.realtime.fleet;

/** Which apps want {@code subscription_count} events recorded (one per subscribe and unsubscribe). */
@FunctionalInterface
public interface SubscriptionCountPolicy {

    SubscriptionCountPolicy NONE = appId -> false;

    boolean recordsSubscriptionCount(String appId);
}

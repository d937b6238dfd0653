package com.staffchat.realtime.fleet;

/** A connection removed from a channel by the reaper, with what its removal changed. */
public record ReapedSubscription(String appId, String channel, String socketId, String userId, Left left) {}

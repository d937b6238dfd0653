package com.staffchat.notification.realtime;

import java.util.Map;

/** One Pusher event to trigger: channel, event name and the data clients receive. */
public record RealtimeEvent(String channel, String name, Map<String, Object> data) {}

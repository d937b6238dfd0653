package com.staffchat.realtime.api;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code info} parameter: a comma-separated list of channel attributes to return. Only the
 * attributes Pusher defines are accepted; anything else is a 400 naming it.
 */
record InfoAttributes(boolean userCount, boolean subscriptionCount, boolean cache) {

    static final InfoAttributes NONE = new InfoAttributes(false, false, false);

    static InfoAttributes parse(String info, Set<String> allowed) {
        if (info == null || info.isBlank()) {
            return NONE;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : info.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!allowed.contains(trimmed)) {
                throw ApiRefusal.invalid("Unknown info attribute '" + trimmed + "': use " + String.join(", ", allowed));
            }
            names.add(trimmed);
        }
        return new InfoAttributes(
                names.contains("user_count"), names.contains("subscription_count"), names.contains("cache"));
    }

    boolean any() {
        return userCount || subscriptionCount || cache;
    }
}

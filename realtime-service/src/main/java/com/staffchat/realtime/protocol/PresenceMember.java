package com.staffchat.realtime.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** A user on a presence channel, as the app's auth endpoint described it in {@code channel_data}. */
public record PresenceMember(String userId, JsonNode userInfo) {

    JsonNode userInfoOrNull() {
        return userInfo == null ? NullNode.getInstance() : userInfo;
    }
}

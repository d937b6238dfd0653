package com.staffchat.realtime.fleet;

/**
 * Names of the Redis keys and pub/sub channels. Everything about one app lives under
 * {@code <prefix>:{appId}:} (the braces make it one Redis Cluster hash slot per app); node leases,
 * the grace set and the event stream live under {@code <prefix>:}.
 */
final class FleetKeys {

    private final String prefix;

    FleetKeys(String prefix) {
        this.prefix = prefix;
    }

    String app(String appId) {
        return prefix + ":{" + appId + "}";
    }

    /** Hash socket id to node id: the channel's subscriptions fleet-wide. */
    String sockets(String appId, String channel) {
        return app(appId) + ":ch:" + channel + ":sockets";
    }

    /** Zset of user ids by join time: the presence roster. */
    String presenceUsers(String appId, String channel) {
        return app(appId) + ":ch:" + channel + ":users";
    }

    /** Hash user id to user_info JSON. */
    String presenceInfo(String appId, String channel) {
        return app(appId) + ":ch:" + channel + ":info";
    }

    /** Hash user id to the number of the user's connections on the channel. */
    String presenceConnections(String appId, String channel) {
        return app(appId) + ":ch:" + channel + ":conns";
    }

    /** Hash channel name to subscription count: the app's occupied channels. */
    String channels(String appId) {
        return app(appId) + ":channels";
    }

    /** Hash socket id to node id: one signed-in user's connections. */
    String userSockets(String appId, String userId) {
        return app(appId) + ":user:" + userId;
    }

    /** Hash user id to connection count: the app's signed-in users. */
    String users(String appId) {
        return app(appId) + ":users";
    }

    /** String with a TTL: the last event of a cache channel. */
    String cachedEvent(String appId, String channel) {
        return app(appId) + ":cache:" + channel;
    }

    String bus(String appId) {
        return app(appId) + ":bus";
    }

    String busPattern() {
        return prefix + ":{*}:bus";
    }

    String nodes() {
        return prefix + ":nodes";
    }

    String heartbeatPrefix() {
        return prefix + ":node:";
    }

    String heartbeatSuffix() {
        return ":alive";
    }

    String heartbeat(String nodeId) {
        return heartbeatPrefix() + nodeId + heartbeatSuffix();
    }

    /** Set of the node's channel subscriptions, to undo when the node dies. */
    String nodeSubscriptions(String nodeId) {
        return prefix + ":node:" + nodeId + ":subs";
    }

    /** Set of the node's signed-in user connections, to undo when the node dies. */
    String nodeUsers(String nodeId) {
        return prefix + ":node:" + nodeId + ":users";
    }

    String grace() {
        return prefix + ":grace";
    }

    String events() {
        return prefix + ":events";
    }

    /** A role one node at a time holds. */
    String role(String name) {
        return prefix + ":lead:" + name;
    }

    String reaperLock() {
        return prefix + ":reaper";
    }
}

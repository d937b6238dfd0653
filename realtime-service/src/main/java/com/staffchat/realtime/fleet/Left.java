package com.staffchat.realtime.fleet;

/**
 * The fleet-wide outcome of removing a connection from a channel.
 *
 * @param removed the connection was subscribed (false: nothing changed)
 * @param vacated the channel has no subscriber anywhere now
 * @param lastForUser the user's last connection on this presence channel left
 * @param subscriptionCount connections on the channel fleet-wide, afterwards
 */
public record Left(boolean removed, boolean vacated, boolean lastForUser, long subscriptionCount) {

    static final Left NOTHING = new Left(false, false, false, 0);
}

package com.staffchat.realtime.protocol;

import com.staffchat.realtime.app.App;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection as the protocol sees it: its socket id, its app, the channels it joined
 * and how it reaches the client.
 */
public final class Connection {

    private final String socketId;

    private final App app;

    private final Outbound outbound;

    private final Map<String, Membership> memberships = new ConcurrentHashMap<>();

    private final ClientEventAllowance clientEvents;

    private volatile SignedInUser user;

    Connection(String socketId, App app, Outbound outbound, int clientEventsPerSecond) {
        this.socketId = socketId;
        this.app = app;
        this.outbound = outbound;
        this.clientEvents = new ClientEventAllowance(clientEventsPerSecond);
    }

    public String socketId() {
        return socketId;
    }

    public App app() {
        return app;
    }

    /** Queues a frame for the client; never blocks. */
    public boolean send(String frame) {
        return outbound.send(frame);
    }

    /** Reports an error to the client, closing the connection if the error says so. */
    public void fail(PusherError error) {
        error.deliverTo(outbound);
    }

    /** How many channels this connection is subscribed to. */
    public int subscriptionCount() {
        return memberships.size();
    }

    Membership membership(String channel) {
        return memberships.get(channel);
    }

    void joined(ChannelName channel, PresenceMember member) {
        memberships.put(channel.value(), new Membership(channel, member));
    }

    Membership left(String channel) {
        return memberships.remove(channel);
    }

    /** The channels this connection is subscribed to. */
    public Set<String> channels() {
        return Set.copyOf(memberships.keySet());
    }

    /** The user this connection signed in as ({@code pusher:signin}), or null. */
    public String userId() {
        SignedInUser signedIn = user;
        return signedIn == null ? null : signedIn.userId();
    }

    SignedInUser user() {
        return user;
    }

    /** Records the sign-in unless the connection already signed in; answers the user it is signed in as now. */
    synchronized SignedInUser signIn(SignedInUser candidate) {
        if (user == null) {
            user = candidate;
        }
        return user;
    }

    ClientEventAllowance clientEvents() {
        return clientEvents;
    }

    @Override
    public String toString() {
        return "Connection[" + socketId + ", app=" + app.id() + "]";
    }

    /** The user a connection signed in as, with the user ids it watches. */
    record SignedInUser(String userId, java.util.List<String> watchlist) {}

    /** A channel this connection joined, with the presence member it joined as (null if not presence). */
    record Membership(ChannelName channel, PresenceMember member) {}
}

package com.staffchat.realtime.protocol;

/**
 * 4302: the signed-in user's watchlist names more user ids than allowed; only the first ones are
 * watched. The sign-in itself succeeds and the connection stays open.
 */
public final class WatchlistLimitExceeded extends PusherError {

    public WatchlistLimitExceeded(int limit) {
        super(4302, "Watchlist limit exceeded. Only the first " + limit + " user IDs are accepted.");
    }
}

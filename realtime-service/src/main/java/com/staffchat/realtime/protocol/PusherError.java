package com.staffchat.realtime.protocol;

import java.util.List;
import java.util.OptionalInt;

/**
 * An error the server reports to a client. Each Pusher error code is its own type, which renders
 * its own frames and says whether the connection closes afterwards (and with which close code).
 * The transport sends them from one place.
 */
public abstract sealed class PusherError extends RuntimeException
        permits ApplicationDoesNotExist,
                ApplicationDisabled,
                OverConnectionQuota,
                PathNotFound,
                InvalidVersionString,
                UnsupportedProtocolVersion,
                NoProtocolVersion,
                ConnectionUnauthorized,
                TerminatedByApp,
                ReconnectImmediately,
                ClosedAfterInactivity,
                WatchlistLimitExceeded,
                OverCapacity,
                PongNotReceived,
                ClientEventRejected,
                InvalidMessage,
                SubscriptionRefused,
                SubscriptionLimitReached,
                ChannelCreationRateLimited,
                TooManyConnectionsFromAddress,
                SignInRequired {

    private final Integer code;

    protected PusherError(Integer code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The Pusher error code, or null for errors Pusher reports without one. */
    public Integer code() {
        return code;
    }

    /** The frames sent to the client, in order. */
    public List<String> frames() {
        return List.of(Frames.error(code, getMessage()));
    }

    /** The WebSocket close code when this error ends the connection. */
    public OptionalInt closeCode() {
        return OptionalInt.empty();
    }

    /** Sends this error's frames, then closes if it ends the connection. The one place errors go out. */
    public void deliverTo(Outbound outbound) {
        for (String frame : frames()) {
            outbound.send(frame);
        }
        closeCode().ifPresent(code -> outbound.close(code, getMessage()));
    }
}

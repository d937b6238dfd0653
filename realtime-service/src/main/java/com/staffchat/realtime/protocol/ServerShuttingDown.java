package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/**
 * 4200: this node is shutting down; the client reconnects at once (pusher-js does for 4200-4299)
 * and reaches another node. The drain spreads these over a window to avoid a reconnection storm.
 */
public final class ServerShuttingDown extends PusherError {

	public ServerShuttingDown() {
		super(4200, "Server shutting down: reconnect");
	}

	@Override
	public OptionalInt closeCode() {
		return OptionalInt.of(4200);
	}

}

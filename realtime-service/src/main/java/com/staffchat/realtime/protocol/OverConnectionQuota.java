package com.staffchat.realtime.protocol;

import java.util.OptionalInt;

/** 4004: the app already has as many connections as its quota allows. */
public final class OverConnectionQuota extends PusherError {

	public OverConnectionQuota(int quota) {
		super(4004, "Application is over connection quota: at most " + quota + " connections");
	}

	@Override
	public OptionalInt closeCode() {
		return OptionalInt.of(4004);
	}

}

package com.staffchat.realtime.protocol;

/**
 * The kind of a channel, decided by its name prefix. This is the only place that reads prefixes:
 * everything else asks the kind.
 */
public enum ChannelKind {

	/** {@code private-encrypted-}: authorized like private; the server never reads the data. */
	PRIVATE_ENCRYPTED("private-encrypted-"),

	/** {@code private-}: subscription needs a signature from the app's auth endpoint. */
	PRIVATE("private-"),

	/** {@code presence-}: authorized like private, plus a roster of users. */
	PRESENCE("presence-"),

	/** Any other name: anyone may subscribe. */
	PUBLIC("");

	private final String prefix;

	ChannelKind(String prefix) {
		this.prefix = prefix;
	}

	/** The kind of a channel name; the longest matching prefix wins, and the dash belongs to the prefix. */
	public static ChannelKind of(String channelName) {
		for (ChannelKind kind : values()) {
			if (channelName.startsWith(kind.prefix)) {
				return kind;
			}
		}
		throw new IllegalStateException("PUBLIC matches every name");
	}

	public boolean requiresAuthorization() {
		return this != PUBLIC;
	}

	public boolean hasPresence() {
		return this == PRESENCE;
	}

	/** Client events ({@code client-*}) travel on private and presence channels only; encrypted ones cannot carry them. */
	public boolean acceptsClientEvents() {
		return this == PRIVATE || this == PRESENCE;
	}

}

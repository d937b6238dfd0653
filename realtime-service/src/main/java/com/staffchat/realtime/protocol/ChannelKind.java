package com.staffchat.realtime.protocol;

import java.util.List;

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

    /**
     * {@code #server-to-user-{id}}: the channel of a signed-in user; only a connection signed in as
     * that user may subscribe, and the app reaches it through the events API.
     */
    SERVER_TO_USER("#server-to-user-"),

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

    /** The four cache prefixes, each matched whole (dash included). */
    private static final List<String> CACHE_PREFIXES =
            List.of("cache-", "private-cache-", "private-encrypted-cache-", "presence-cache-");

    /**
     * Whether a channel remembers its last event ({@code cache-}, {@code private-cache-},
     * {@code private-encrypted-cache-}, {@code presence-cache-}).
     */
    public static boolean isCache(String channelName) {
        for (String prefix : CACHE_PREFIXES) {
            if (channelName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The part of the name after the prefix (for {@link #SERVER_TO_USER}, the user id). */
    public String suffixOf(String channelName) {
        return channelName.substring(prefix.length());
    }

    /** Private, encrypted and presence channels need a signature from the app's auth endpoint. */
    public boolean requiresAuthorization() {
        return this == PRIVATE_ENCRYPTED || this == PRIVATE || this == PRESENCE;
    }

    /** {@code pusher_internal:subscription_count} is sent on every kind but presence (which has member events). */
    public boolean countsSubscriptions() {
        return this == PUBLIC || this == PRIVATE || this == PRIVATE_ENCRYPTED;
    }

    /**
     * Private channels ({@code private-}, {@code private-encrypted-}) whose signed-in subscribers are
     * announced on the presence topic ({@code subscription_added} / {@code subscription_removed}), a
     * Staff Chat extension: occupancy alone does not say who is looking at a conversation.
     */
    public boolean announcesSubscribers() {
        return this == PRIVATE || this == PRIVATE_ENCRYPTED;
    }

    public boolean hasPresence() {
        return this == PRESENCE;
    }

    /** Client events ({@code client-*}) travel on private and presence channels only; encrypted ones cannot carry them. */
    public boolean acceptsClientEvents() {
        return this == PRIVATE || this == PRESENCE;
    }
}

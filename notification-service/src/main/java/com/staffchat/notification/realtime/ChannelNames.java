package com.staffchat.notification.realtime;

import java.util.OptionalLong;

/** The realtime contract's channel names, built and parsed in this one place. */
public final class ChannelNames {

    private ChannelNames() {}

    /** {@code private-{hotel}-staff-conversation-{id}}: everything that happens in one conversation. */
    public static String conversation(String hotel, long conversationId) {
        return "private-" + hotel + "-staff-conversation-" + conversationId;
    }

    /** {@code private-{hotel}-staff-{staffId}}: one person's own feed. */
    public static String staff(String hotel, long staffId) {
        return "private-" + hotel + "-staff-" + staffId;
    }

    /** {@code presence-{hotel}-staff}: who of the hotel is online. */
    public static String presence(String hotel) {
        return "presence-" + hotel + "-staff";
    }

    /** The conversation id if {@code channel} is a conversation channel of {@code hotel}. */
    static OptionalLong conversationOf(String hotel, String channel) {
        return numberAfter("private-" + hotel + "-staff-conversation-", channel);
    }

    /** The staff id if {@code channel} is a personal channel of {@code hotel}. */
    static OptionalLong staffOf(String hotel, String channel) {
        return numberAfter("private-" + hotel + "-staff-", channel);
    }

    private static OptionalLong numberAfter(String prefix, String channel) {
        if (!channel.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        String rest = channel.substring(prefix.length());
        if (rest.isEmpty() || rest.length() > 19 || !rest.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(rest));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

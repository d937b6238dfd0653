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

    /** A conversation channel's hotel and conversation id. */
    public record ConversationChannel(String hotel, long conversationId) {}

    /**
     * The hotel and conversation of a conversation channel, of any hotel; empty for every other
     * name. The hotel is what lies between {@code private-} and the last {@code -staff-conversation-}.
     */
    public static java.util.Optional<ConversationChannel> conversationChannel(String channel) {
        String prefix = "private-";
        String marker = "-staff-conversation-";
        int at = channel == null ? -1 : channel.lastIndexOf(marker);
        // private-encrypted-... is another kind of channel to Pusher, never a conversation channel
        if (at <= prefix.length() || !channel.startsWith(prefix) || channel.startsWith("private-encrypted-")) {
            return java.util.Optional.empty();
        }
        String hotel = channel.substring(prefix.length(), at);
        OptionalLong id = conversationOf(hotel, channel);
        return id.isPresent()
                ? java.util.Optional.of(new ConversationChannel(hotel, id.getAsLong()))
                : java.util.Optional.empty();
    }

    /** A person's own channel's hotel and staff id. */
    public record StaffChannel(String hotel, long staffId) {}

    /**
     * The hotel and person of a personal channel ({@code private-{hotel}-staff-{staffId}}), of any
     * hotel; empty for every other name (a conversation channel included).
     */
    public static java.util.Optional<StaffChannel> staffChannel(String channel) {
        String prefix = "private-";
        String marker = "-staff-";
        int at = channel == null ? -1 : channel.lastIndexOf(marker);
        if (at <= prefix.length() || !channel.startsWith(prefix) || channel.startsWith("private-encrypted-")) {
            return java.util.Optional.empty();
        }
        String hotel = channel.substring(prefix.length(), at);
        OptionalLong id = staffOf(hotel, channel);
        return id.isPresent()
                ? java.util.Optional.of(new StaffChannel(hotel, id.getAsLong()))
                : java.util.Optional.empty();
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

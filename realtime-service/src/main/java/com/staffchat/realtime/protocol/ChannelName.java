package com.staffchat.realtime.protocol;

import java.util.regex.Pattern;

/**
 * A valid Pusher channel name: 1 to 164 characters from {@code [A-Za-z0-9_\-=@,.;]}, or
 * {@code #server-to-user-} followed by such characters (a signed-in user's channel).
 */
public record ChannelName(String value, ChannelKind kind) {

    public static final int MAX_LENGTH = 164;

    private static final String SERVER_TO_USER = "#server-to-user-";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_\\-=@,.;]+");

    public ChannelName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("Invalid channel name");
        }
        if (kind != ChannelKind.of(value)) {
            throw new IllegalArgumentException("Channel kind must follow the name");
        }
    }

    /** Parses a name, or throws {@link IllegalArgumentException} with a message a client developer can act on. */
    public static ChannelName of(String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(describeProblem(value));
        }
        return new ChannelName(value, ChannelKind.of(value));
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        String rest = value.startsWith(SERVER_TO_USER) ? value.substring(SERVER_TO_USER.length()) : value;
        return !rest.isEmpty() && ALLOWED.matcher(rest).matches();
    }

    /** Whether the channel remembers its last event for new subscribers. */
    public boolean cache() {
        return ChannelKind.isCache(value);
    }

    private static String describeProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "Channel name is missing";
        }
        if (value.length() > MAX_LENGTH) {
            return "Channel name is " + value.length() + " characters long, the limit is " + MAX_LENGTH;
        }
        return "Invalid channel name '" + value + "': only A-Z, a-z, 0-9 and _-=@,.; are allowed";
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.staffchat.realtime.protocol;

/** The {@code protocol} query parameter: versions 5 (pusher-java-client) to 7 (pusher-js) are accepted. */
public final class ProtocolVersion {

    public static final int MIN = 5;

    public static final int MAX = 7;

    private ProtocolVersion() {}

    /** Checks the parameter, throwing 4008 when it is missing and 4007 when it is not a supported version. */
    public static int check(String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            throw new NoProtocolVersion();
        }
        int version;
        try {
            version = Integer.parseInt(parameter);
        } catch (NumberFormatException ex) {
            throw new UnsupportedProtocolVersion(parameter);
        }
        if (version < MIN || version > MAX) {
            throw new UnsupportedProtocolVersion(parameter);
        }
        return version;
    }
}

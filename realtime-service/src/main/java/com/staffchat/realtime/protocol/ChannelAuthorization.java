package com.staffchat.realtime.protocol;

import com.staffchat.realtime.app.App;

/**
 * Checks the {@code auth} of a private or presence subscription: {@code key:signature}, where the
 * signature is the app secret's HMAC-SHA256 of {@code socket_id:channel[:channel_data]}.
 */
final class ChannelAuthorization {

    private ChannelAuthorization() {}

    /** Throws {@link ConnectionUnauthorized} unless {@code auth} is the app's signature for this subscription. */
    static void verify(App app, String socketId, String channel, String auth, String channelData) {
        if (auth == null || auth.isEmpty()) {
            throw new ConnectionUnauthorized(
                    channel,
                    "Auth value for subscription to " + channel + " is required: ask the app's auth endpoint for one");
        }
        int separator = auth.indexOf(':');
        if (separator < 0) {
            throw new ConnectionUnauthorized(
                    channel,
                    "Auth value for subscription to " + channel + " is invalid: should be of format 'key:signature'");
        }
        String key = auth.substring(0, separator);
        String signature = auth.substring(separator + 1);
        if (!key.equals(app.key())) {
            throw new ConnectionUnauthorized(channel, "Invalid key in subscription auth data: '" + key + "'");
        }
        String payload = Signatures.channelAuthorizationPayload(socketId, channel, channelData);
        String expected = Signatures.hmacSha256Hex(app.secret(), payload);
        if (!Signatures.matches(expected, signature)) {
            throw new ConnectionUnauthorized(
                    channel,
                    "Invalid signature: Expected HMAC SHA256 hex digest of " + payload + ", but got " + signature);
        }
    }
}

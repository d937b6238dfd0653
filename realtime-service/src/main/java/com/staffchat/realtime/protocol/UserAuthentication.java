package com.staffchat.realtime.protocol;

import com.staffchat.realtime.app.App;

/**
 * Checks the {@code auth} of a {@code pusher:signin}: {@code key:signature}, where the signature is
 * the app secret's HMAC-SHA256 of {@code socket_id::user::user_data} (Pusher's user authentication).
 */
final class UserAuthentication {

    private UserAuthentication() {}

    /** Throws {@link ConnectionUnauthorized} (4009) unless {@code auth} is the app's signature of this sign-in. */
    static void verify(App app, String socketId, String auth, String userData) {
        if (auth == null || auth.isEmpty()) {
            throw new ConnectionUnauthorized(
                    "Auth value for signin is required: ask the app's user authentication endpoint for one");
        }
        int separator = auth.indexOf(':');
        if (separator < 0) {
            throw new ConnectionUnauthorized("Auth value for signin is invalid: should be of format 'key:signature'");
        }
        String key = auth.substring(0, separator);
        String signature = auth.substring(separator + 1);
        if (!key.equals(app.key())) {
            throw new ConnectionUnauthorized("Invalid key in signin auth data: '" + key + "'");
        }
        String payload = socketId + "::user::" + userData;
        if (!Signatures.matches(Signatures.hmacSha256Hex(app.secret(), payload), signature)) {
            throw new ConnectionUnauthorized(
                    "Invalid signature: Expected HMAC SHA256 hex digest of " + payload + ", but got " + signature);
        }
    }
}

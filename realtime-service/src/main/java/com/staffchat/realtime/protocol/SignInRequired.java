package com.staffchat.realtime.protocol;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * 4009, closing: the app requires every connection to sign in ({@code pusher:signin}) and this one
 * did not within the app's {@code sign-in-deadline}, as Pusher closes connections under its
 * "authorized connections" setting. In the 4000–4099 range: the client does not reconnect unchanged.
 */
public final class SignInRequired extends PusherError {

    public SignInRequired(Duration deadline) {
        super(
                4009,
                "Connection not authorized within timeout: this app requires pusher:signin within "
                        + deadline.toSeconds() + " s of connecting");
    }

    @Override
    public OptionalInt closeCode() {
        return OptionalInt.of(4009);
    }
}

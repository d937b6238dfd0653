package com.staffchat.realtime.api;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.protocol.Signatures;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * Checks that an HTTP API request was signed by the app, as Pusher's libraries sign: {@code auth_key},
 * {@code auth_timestamp} within 600 s, {@code auth_version=1.0}, {@code body_md5} and
 * {@code auth_signature}, every comparison of secrets in constant time.
 */
final class RequestAuthenticator {

    static final Duration TIMESTAMP_TOLERANCE = Duration.ofSeconds(600);

    private final InstantSource clock;

    RequestAuthenticator(InstantSource clock) {
        this.clock = clock;
    }

    /** Throws a 401 {@link ApiRefusal} unless the request is signed by {@code app}. */
    void verify(App app, String method, String path, Map<String, String> query, byte[] body) {
        String key = required(query, "auth_key");
        String timestamp = required(query, "auth_timestamp");
        String version = required(query, "auth_version");
        String signature = required(query, "auth_signature");
        if (!key.equals(app.key())) {
            throw ApiRefusal.unauthorized("Unknown auth_key '" + key + "' for app " + app.id());
        }
        if (!version.equals("1.0")) {
            throw ApiRefusal.unauthorized("Unsupported auth_version '" + version + "': only 1.0 is supported");
        }
        checkTimestamp(timestamp);
        if (body.length > 0) {
            String bodyMd5 = query.get("body_md5");
            if (bodyMd5 == null) {
                throw ApiRefusal.unauthorized("Missing body_md5: a request with a body must sign its MD5");
            }
            if (!Signatures.matches(Signatures.md5Hex(body), bodyMd5)) {
                throw ApiRefusal.unauthorized("Invalid body_md5: it does not match the MD5 of the body received");
            }
        }
        String payload = Signatures.apiRequestPayload(method, path, query);
        String expected = Signatures.hmacSha256Hex(app.secret(), payload);
        if (!Signatures.matches(expected, signature)) {
            throw ApiRefusal.unauthorized("Invalid signature: you should have sent HmacSHA256Hex(" + quoted(payload)
                    + ", your_secret_key), but you sent \"" + signature + "\"");
        }
    }

    private void checkTimestamp(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException ex) {
            throw ApiRefusal.unauthorized(
                    "Invalid auth_timestamp '" + timestamp + "': expected seconds since the epoch");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > TIMESTAMP_TOLERANCE.toSeconds()) {
            throw ApiRefusal.unauthorized("Timestamp expired: given timestamp (" + seconds + ") not within "
                    + TIMESTAMP_TOLERANCE.toSeconds() + "s of server time (" + now + ")");
        }
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiRefusal.unauthorized("Missing " + name + ": sign requests as the Pusher server libraries do");
        }
        return value;
    }

    private static String quoted(String payload) {
        return "\"" + payload.replace("\n", "\\n") + "\"";
    }
}

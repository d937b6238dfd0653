package com.staffchat.realtime.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pusher's signatures: HMAC-SHA256 hex digests keyed with the app secret, compared in constant time.
 */
public final class Signatures {

    private static final HexFormat HEX = HexFormat.of();

    /** {@code Mac.getInstance} looks the provider up each time; one per thread is enough (a Mac is not thread-safe). */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", ex);
        }
    });

    private Signatures() {}

    /** Lower-case hex HMAC-SHA256 of {@code payload} (UTF-8) keyed with {@code secret} (UTF-8). */
    public static String hmacSha256Hex(String secret, String payload) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", ex);
        }
    }

    /** Lower-case hex MD5 of a request body, as in the HTTP API's {@code body_md5}. */
    public static String md5Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("MD5 is required by the Java platform", ex);
        }
    }

    /** Compares two signatures without leaking, through timing, how many leading characters match. */
    public static boolean matches(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The string a channel authorization signs: {@code socket_id:channel}, plus {@code :channel_data}
     * for presence channels.
     */
    public static String channelAuthorizationPayload(String socketId, String channel, String channelData) {
        String payload = socketId + ":" + channel;
        return channelData == null ? payload : payload + ":" + channelData;
    }

    /**
     * The string an HTTP API request signs: method, path and the query parameters except
     * {@code auth_signature}, keys lower-cased and sorted, values not URL-escaped.
     */
    public static String apiRequestPayload(String method, String path, Map<String, String> queryParameters) {
        Map<String, String> sorted = new TreeMap<>();
        queryParameters.forEach((key, value) -> {
            String lowerKey = key.toLowerCase(Locale.ROOT);
            if (!lowerKey.equals("auth_signature")) {
                sorted.put(lowerKey, value);
            }
        });
        StringBuilder payload = new StringBuilder(method.toUpperCase(Locale.ROOT))
                .append('\n')
                .append(path)
                .append('\n');
        boolean first = true;
        for (Map.Entry<String, String> parameter : sorted.entrySet()) {
            if (!first) {
                payload.append('&');
            }
            payload.append(parameter.getKey()).append('=').append(parameter.getValue());
            first = false;
        }
        return payload.toString();
    }
}

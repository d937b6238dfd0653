package com.staffchat.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints HS256 tokens the way our identity provider does: {@code sub} = staff id, {@code hotel}, {@code roles}. */
public final class TestTokens {

    /** The secret every test service is configured with. */
    public static final String SECRET = "test-secret-for-hs256-tokens-0123456789abcdef";

    private TestTokens() {}

    public static String staff(long staffId, String hotel, String... roles) {
        return mint(
                SECRET,
                Long.toString(staffId),
                hotel,
                List.of(roles),
                Instant.now().plus(Duration.ofHours(1)));
    }

    public static String manager(long staffId, String hotel) {
        return staff(staffId, hotel, "manager", "staff");
    }

    public static String expired(long staffId, String hotel) {
        return mint(
                SECRET,
                Long.toString(staffId),
                hotel,
                List.of("staff"),
                Instant.now().minus(Duration.ofHours(1)));
    }

    /** Same claims, signed with another secret: a forgery. */
    public static String forged(long staffId, String hotel) {
        return mint(
                "another-secret-that-we-never-configured-0123456789",
                Long.toString(staffId),
                hotel,
                List.of("staff"),
                Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token with exactly these claims (a JSON object), signed with the test secret: for tokens that miss a claim. */
    public static String withClaims(String claimsJson) {
        return sign(SECRET, b64(claimsJson));
    }

    public static String mint(String secret, String subject, String hotel, List<String> roles, Instant expiresAt) {
        String rolesJson = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
        String claims = b64("{\"sub\":\"" + subject + "\",\"hotel\":" + (hotel == null ? "null" : "\"" + hotel + "\"")
                + ",\"roles\":" + rolesJson + ",\"iat\":" + (expiresAt.getEpochSecond() - 3600) + ",\"exp\":"
                + expiresAt.getEpochSecond() + "}");
        return sign(secret, claims);
    }

    private static String sign(String secret, String claims) {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String signingInput = header + "." + claims;
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(secret, signingInput));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

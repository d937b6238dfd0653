package com.staffchat.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pusher's documented signature examples (key 278d425bdf160c739803, secret 7ad3773142a6692b25b8). */
class SignaturesTest {

    private static final String SECRET = "7ad3773142a6692b25b8";

    @Test
    void privateChannelAuthMatchesPushersDocumentedExample() {
        String payload = Signatures.channelAuthorizationPayload("1234.1234", "private-foobar", null);

        assertThat(payload).isEqualTo("1234.1234:private-foobar");
        assertThat(Signatures.hmacSha256Hex(SECRET, payload))
                .isEqualTo("58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
    }

    @Test
    void presenceAuthSignsChannelDataAfterTheChannel() {
        assertThat(Signatures.channelAuthorizationPayload("1234.1234", "presence-foobar", "{\"user_id\":\"10\"}"))
                .isEqualTo("1234.1234:presence-foobar:{\"user_id\":\"10\"}");
    }

    @Test
    void bodyMd5MatchesPushersDocumentedExample() {
        String body = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";

        assertThat(Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ec365a775a4cd0599faeb73354201b6f");
    }

    @Test
    void apiRequestSignatureMatchesPushersDocumentedExample() {
        Map<String, String> query = Map.of(
                "auth_key",
                "278d425bdf160c739803",
                "auth_timestamp",
                "1353088179",
                "auth_version",
                "1.0",
                "body_md5",
                "ec365a775a4cd0599faeb73354201b6f",
                "auth_signature",
                "ignored: a signature never signs itself");

        String payload = Signatures.apiRequestPayload("POST", "/apps/3/events", query);

        assertThat(payload)
                .isEqualTo("POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179"
                        + "&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f");
        assertThat(Signatures.hmacSha256Hex(SECRET, payload))
                .isEqualTo("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
    }

    @Test
    void apiRequestPayloadLowerCasesKeysAndDoesNotEscapeValues() {
        assertThat(Signatures.apiRequestPayload(
                        "get", "/apps/3/channels", Map.of("auth_key", "foo", "Name", "Something else")))
                .isEqualTo("GET\n/apps/3/channels\nauth_key=foo&name=Something else");
    }

    @Test
    void signaturesMatchOnlyWhenIdentical() {
        String signature = "58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";

        assertThat(Signatures.matches(signature, signature)).isTrue();
        assertThat(Signatures.matches(signature, signature.substring(1) + "5")).isFalse();
        assertThat(Signatures.matches(signature, signature.substring(1))).isFalse();
        assertThat(Signatures.matches(signature, null)).isFalse();
    }
}

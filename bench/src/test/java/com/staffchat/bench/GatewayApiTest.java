package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayApiTest {

    @Test
    void aRefusalIsNamedByItsStatusAndProblemType() {
        assertThat(GatewayApi.outcome(
                        503, "{\"type\":\"https://staffchat.example/problems/service-unavailable\",\"status\":503}"))
                .isEqualTo("503 service-unavailable");
        assertThat(GatewayApi.outcome(429, "{\"type\":\"about:blank\"}")).isEqualTo("429");
        assertThat(GatewayApi.outcome(502, "<html>bad gateway</html>")).isEqualTo("502");
        assertThat(GatewayApi.outcome(500, null)).isEqualTo("500");
    }

    @Test
    void tokensCarryTheClaimsOfChatTokenSignedWithTheSecret() throws Exception {
        String secret = BenchMain.LOCAL_JWT_SECRET;
        GatewayApi api = new GatewayApi(
                HttpClient.newHttpClient(), URI.create("http://127.0.0.1:1"), secret, "bench-x", Duration.ofSeconds(1));

        SignedJWT manager = SignedJWT.parse(api.token(1));
        SignedJWT staff = SignedJWT.parse(api.token(7));

        assertThat(manager.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        assertThat(manager.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(manager.getJWTClaimsSet().getSubject()).isEqualTo("1");
        assertThat(manager.getJWTClaimsSet().getStringClaim("hotel")).isEqualTo("bench-x");
        assertThat(manager.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("manager", "staff");
        assertThat(staff.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("staff");
        assertThat(staff.getJWTClaimsSet().getExpirationTime())
                .isAfter(staff.getJWTClaimsSet().getIssueTime());
    }
}

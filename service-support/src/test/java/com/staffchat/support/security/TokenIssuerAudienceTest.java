package com.staffchat.support.security;

import static com.staffchat.support.security.TokenValidationTest.accepted;
import static com.staffchat.support.security.TokenValidationTest.in;
import static com.staffchat.support.security.TokenValidationTest.refused;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code staffchat.security.issuer} and {@code .audience} set, a token must carry both. */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.security.jwt-secret=" + TestTokens.SECRET,
            "staffchat.security.issuer=https://id.example.com",
            "staffchat.security.audience=staffchat"
        })
class TokenIssuerAudienceTest {

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    String token(String issAndAud) {
        return TestTokens.withClaims(
                "{\"sub\":\"7\",\"hotel\":\"grand-budapest\",\"exp\":" + in(600) + issAndAud + "}");
    }

    @Test
    void issuerAndAudienceMustMatch() {
        accepted(client, token(",\"iss\":\"https://id.example.com\",\"aud\":[\"staffchat\",\"other\"]"));
        accepted(client, token(",\"iss\":\"https://id.example.com\",\"aud\":\"staffchat\""));
        refused(client, token(",\"iss\":\"https://evil.example.com\",\"aud\":\"staffchat\""));
        refused(client, token(",\"iss\":\"https://id.example.com\",\"aud\":\"other\""));
        refused(client, token(",\"aud\":\"staffchat\""));
        refused(client, token(",\"iss\":\"https://id.example.com\""));
    }
}

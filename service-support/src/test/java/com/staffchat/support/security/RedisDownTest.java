package com.staffchat.support.security;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.Problems;
import com.staffchat.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** When nobody can say whether the caller is deactivated, the request is refused with a 503, not let through. */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.security.jwt-secret=" + TestTokens.SECRET,
            "spring.data.redis.port=1",
            "spring.data.redis.timeout=300ms",
            "spring.data.redis.connect-timeout=300ms"
        })
class RedisDownTest {

    @LocalServerPort
    int port;

    @Test
    void anUnreachableRedisAnswers503Problems() {
        Problems.expectServiceUnavailable(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/api/v1/whoami")
                .headers(h -> h.setBearerAuth(TestTokens.staff(5, "grand-budapest", "staff")))
                .exchange());
    }
}

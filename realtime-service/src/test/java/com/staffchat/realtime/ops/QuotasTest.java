package com.staffchat.realtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.support.Prometheus;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.SignedApiClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Per-app quotas: the small app may hold two connections and make three API requests a second;
 * the big app, configured without limits of its own, gets the defaults and is not affected.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.realtime.apps[0].id=big",
            "staffchat.realtime.apps[0].key=big-key",
            "staffchat.realtime.apps[0].secret=big-secret",
            "staffchat.realtime.apps[1].id=small",
            "staffchat.realtime.apps[1].key=small-key",
            "staffchat.realtime.apps[1].secret=small-secret",
            "staffchat.realtime.apps[1].max-connections=2",
            "staffchat.realtime.apps[1].api-requests-per-second=3",
            "staffchat.realtime.default-limits.api-requests-per-second=50"
        })
class QuotasTest {

    private static final String EVENT = "{\"name\":\"e\",\"channels\":[\"lobby\"],\"data\":\"{}\"}";

    @LocalServerPort
    private int port;

    @Test
    void connectionBeyondTheAppsQuotaIsClosedWith4004AndAFreedPlaceCanBeTakenAgain() {
        try (RawPusherClient first = connect("small-key");
                RawPusherClient second = connect("small-key");
                RawPusherClient third = RawPusherClient.connect(port, "small-key", "protocol=7")) {
            first.socketId();
            second.socketId();

            assertThat(third.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":4004,\"message\":\"Over connection quota: this app allows 2 connections\"}}");
            assertThat(third.closeCode()).isEqualTo(4004);
            try (RawPusherClient otherApp = connect("big-key")) {
                assertThat(otherApp.socketId()).matches("\\d+\\.\\d+");
            }

            first.close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RawPusherClient again = connect("small-key")) {
                    assertThat(again.nextFrame()).startsWith("{\"event\":\"pusher:connection_established\"");
                }
            });
        }
        assertThat(new Prometheus(port)
                        .value("staffchat_realtime_rejected_total", "app=\"small\",reason=\"connection_quota\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void apiRequestsBeyondTheAppsRateGet429WithRateHeadersAndAClearMessage() {
        SignedApiClient api = new SignedApiClient(port);
        for (int i = 0; i < 5; i++) {
            // Warms the server and the HTTP connection up, so the four requests below fall well inside one second.
            assertThat(api.post("/apps/big/events", EVENT)
                            .as("big-key", "big-secret")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(api.post("/apps/small/events", EVENT)
                    .as("small-key", "small-secret")
                    .send());
        }

        // Three in the same second pass (the burst is one second's worth), counting down the remaining allowance.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = responses.get(i);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-RateLimit-Limit")).contains("3");
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).contains(Integer.toString(2 - i));
        }
        HttpResponse<String> refused = responses.get(3);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-RateLimit-Limit")).contains("3");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body())
                .isEqualTo("Too many requests: app 'small' may make 3 HTTP API requests a second; retry after 1 s");

        HttpResponse<String> otherApp =
                api.post("/apps/big/events", EVENT).as("big-key", "big-secret").send();
        assertThat(otherApp.statusCode()).isEqualTo(200);
        assertThat(otherApp.headers().firstValue("X-RateLimit-Limit")).contains("50");

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(api.post("/apps/small/events", EVENT)
                        .as("small-key", "small-secret")
                        .send()
                        .statusCode())
                .isEqualTo(200));
        Prometheus prometheus = new Prometheus(port);
        assertThat(prometheus.value("staffchat_realtime_rejected_total", "app=\"small\",reason=\"api_rate_limit\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(prometheus.value("staffchat_realtime_messages_in_total", "app=\"small\",source=\"api\""))
                .isGreaterThanOrEqualTo(4);
    }

    private RawPusherClient connect(String key) {
        return RawPusherClient.connect(port, key, "protocol=7");
    }
}

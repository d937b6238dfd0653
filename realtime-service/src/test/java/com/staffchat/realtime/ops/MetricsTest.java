package com.staffchat.realtime.ops;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.support.Prometheus;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.RealtimeServerTest;
import com.staffchat.realtime.support.SignedApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What a Prometheus scrape shows about one app's traffic. */
@RealtimeServerTest
class MetricsTest {

    @LocalServerPort
    private int port;

    @Test
    void connectionsSubscriptionsMessagesLatencyAndRejectionsAreReportedPerApp() {
        Prometheus prometheus = new Prometheus(port);
        String app = "app=\"" + APP_ID + "\"";
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"metrics-lobby\"}}");
            assertThat(client.nextFrame()).contains("subscription_succeeded");
            double outBefore = prometheus.value("staffchat_realtime_messages_out_total", app);

            assertThat(new SignedApiClient(port)
                            .post(
                                    "/apps/" + APP_ID + "/events",
                                    "{\"name\":\"e\",\"channel\":\"metrics-lobby\",\"data\":\"{}\"}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            assertThat(client.nextFrame()).contains("\"channel\":\"metrics-lobby\"");

            assertThat(prometheus.value("staffchat_realtime_connections", app)).isGreaterThanOrEqualTo(1);
            assertThat(prometheus.value("staffchat_realtime_subscriptions", app))
                    .isGreaterThanOrEqualTo(1);
            assertThat(prometheus.value("staffchat_realtime_messages_in_total", app + ",source=\"websocket\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(prometheus.value("staffchat_realtime_messages_in_total", app + ",source=\"api\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(prometheus.value("staffchat_realtime_messages_out_total", app))
                    .isGreaterThan(outBefore);
            assertThat(prometheus.value("staffchat_realtime_delivery_latency_seconds_count", app))
                    .isGreaterThanOrEqualTo(1);
            assertThat(prometheus.scrape())
                    .containsPattern(
                            "staffchat_realtime_delivery_latency_seconds_bucket\\{" + app + ",le=\"[0-9.]+\"}");
        }

        assertThat(new SignedApiClient(port)
                        .post("/apps/" + APP_ID + "/events", "{}")
                        .signedWithSecret("wrong")
                        .send()
                        .statusCode())
                .isEqualTo(401);
        assertThat(new SignedApiClient(port)
                        .post("/apps/someone-elses-app/events", "{}")
                        .send()
                        .statusCode())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(prometheus.value("staffchat_realtime_rejected_total", app + ",reason=\"api_unauthorized\""))
                    .isGreaterThanOrEqualTo(1);
            // A made-up app id never becomes a label value.
            assertThat(prometheus.value("staffchat_realtime_rejected_total", "app=\"unknown\",reason=\"unknown_app\""))
                    .isGreaterThanOrEqualTo(1);
        });
        assertThat(prometheus.scrape()).doesNotContain("someone-elses-app");
    }
}

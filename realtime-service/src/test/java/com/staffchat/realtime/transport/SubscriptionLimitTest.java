package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.RawPusherClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Issue 14, "unbounded subscriptions": one connection may hold at most max-subscriptions-per-connection channels. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.realtime.max-subscriptions-per-connection=3")
class SubscriptionLimitTest {

    private static final String REFUSAL = "Subscription refused: this connection is already subscribed to 3"
            + " channels, the most allowed; unsubscribe from one first";

    @LocalServerPort
    private int port;

    @Test
    void subscriptionBeyondTheLimitIsRefusedWithASubscriptionErrorAndTheConnectionKeepsItsChannels() {
        try (RawPusherClient client = RawPusherClient.connected(port);
                RawPusherClient other = RawPusherClient.connected(port)) {
            for (int i = 1; i <= 3; i++) {
                subscribePrivate(client, "private-hotel-1-desk-" + i);
                assertThat(client.nextFrameIgnoringCounts())
                        .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":"
                                + "\"private-hotel-1-desk-" + i + "\",\"data\":\"{}\"}");
            }

            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"lobby\"}}");

            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"" + REFUSAL + "\"}}");
            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"lobby\",\"data\":\"{"
                            + "\\\"type\\\":\\\"LimitReached\\\",\\\"error\\\":\\\"" + REFUSAL
                            + "\\\",\\\"status\\\":429}\"}");

            // Subscribing again to a channel it holds is no new subscription; the connection still gets events.
            subscribePrivate(client, "private-hotel-1-desk-2");
            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":"
                            + "\"private-hotel-1-desk-2\",\"data\":\"{}\"}");
            subscribePrivate(other, "private-hotel-1-desk-2");
            assertThat(other.nextFrameIgnoringCounts()).contains("subscription_succeeded");
            other.send("{\"event\":\"client-typing\",\"channel\":\"private-hotel-1-desk-2\",\"data\":{}}");
            assertThat(client.nextFrameIgnoringCounts())
                    .startsWith("{\"event\":\"client-typing\",\"channel\":\"private-hotel-1-desk-2\"");

            // Leaving one channel makes room for another.
            client.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"private-hotel-1-desk-1\"}}");
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"lobby\"}}");
            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"lobby\","
                            + "\"data\":\"{}\"}");
        }
    }

    private static void subscribePrivate(RawPusherClient client, String channel) {
        String auth = AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, client.socketId(), channel);
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth
                + "\"}}");
    }
}

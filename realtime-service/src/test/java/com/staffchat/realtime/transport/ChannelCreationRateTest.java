package com.staffchat.realtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.RawPusherClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 14, "unbounded subscriptions": new public channels (nobody subscribed yet) are what cost
 * Redis, the event stream and Kafka in a fleet; an app gets at most channel-creations-per-second of
 * them a second. Joining a channel that already has subscribers costs nothing and is never refused.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.realtime.channel-creations-per-second=5")
class ChannelCreationRateTest {

    private static final String REFUSAL =
            "Subscription refused: this app may open at most 5 new public channels a second; retry later";

    @LocalServerPort
    private int port;

    @Test
    void newPublicChannelsBeyondTheAppsRateAreRefusedWhileOccupiedChannelsCanStillBeJoined() {
        try (RawPusherClient owner = RawPusherClient.connected(port);
                RawPusherClient churner = RawPusherClient.connected(port)) {
            owner.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"lobby\"}}");
            assertThat(owner.nextFrameIgnoringCounts()).contains("subscription_succeeded");

            // Twelve new channels sent at once fall in at most two one-second windows: at most ten pass.
            int newChannels = 12;
            for (int i = 0; i < newChannels; i++) {
                churner.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"spam-" + i + "\"}}");
            }
            churner.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"lobby\"}}");
            List<String> frames = new ArrayList<>();
            for (int i = 0; i < newChannels; i++) {
                String frame = churner.nextFrameIgnoringCounts();
                frames.add(frame);
                if (frame.startsWith("{\"event\":\"pusher:error\"")) {
                    String channel = "spam-" + i;
                    assertThat(frame)
                            .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"" + REFUSAL
                                    + "\"}}");
                    assertThat(churner.nextFrameIgnoringCounts())
                            .isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"" + channel
                                    + "\",\"data\":\"{\\\"type\\\":\\\"LimitReached\\\",\\\"error\\\":\\\"" + REFUSAL
                                    + "\\\",\\\"status\\\":429}\"}");
                } else {
                    assertThat(frame)
                            .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"spam-" + i
                                    + "\",\"data\":\"{}\"}");
                }
            }
            assertThat(frames)
                    .filteredOn(frame -> frame.contains("subscription_succeeded"))
                    .hasSizeBetween(4, 10);

            assertThat(churner.nextFrameIgnoringCounts())
                    .as("an occupied channel is joined even while new ones are refused")
                    .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"lobby\","
                            + "\"data\":\"{}\"}");
        }
    }
}

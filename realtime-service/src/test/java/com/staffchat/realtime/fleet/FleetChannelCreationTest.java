package com.staffchat.realtime.fleet;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.RealtimeApplication;
import com.staffchat.realtime.support.RawPusherClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The channel-creation bound in a fleet (issue 14): whether a public channel is new is read from the
 * shared state, so joining a channel that has subscribers on another node never counts against the
 * app's rate, while new channels beyond it are refused.
 */
class FleetChannelCreationTest {

    private final FleetRedis redis = new FleetRedis();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        redis.close();
    }

    @Test
    void channelOccupiedOnAnotherNodeIsJoinedWhileNewChannelsBeyondTheRateAreRefused() {
        int portA = port(instance("node-a"));
        int portB = port(instance("node-b"));
        try (RawPusherClient onA = RawPusherClient.connect(portA, APP_KEY, "protocol=7");
                RawPusherClient onB = RawPusherClient.connect(portB, APP_KEY, "protocol=7")) {
            onA.socketId();
            onB.socketId();
            onA.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"room-101\"}}");
            assertThat(onA.nextFrameIgnoringCounts()).contains("subscription_succeeded");

            // One new channel a second: of five sent at once at most two (two windows) are accepted.
            for (int i = 0; i < 5; i++) {
                onB.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"spam-" + i + "\"}}");
            }
            onB.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"room-101\"}}");
            List<String> frames = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String frame = onB.nextFrameIgnoringCounts();
                frames.add(frame);
                if (frame.startsWith("{\"event\":\"pusher:error\"")) {
                    assertThat(onB.nextFrameIgnoringCounts())
                            .startsWith("{\"event\":\"pusher:subscription_error\",\"channel\":\"spam-" + i + "\"");
                }
            }
            assertThat(frames)
                    .filteredOn(frame -> frame.contains("subscription_succeeded"))
                    .hasSizeLessThanOrEqualTo(2);
            assertThat(onB.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"room-101\","
                            + "\"data\":\"{}\"}");
        }
    }

    private ConfigurableApplicationContext instance(String nodeId) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RealtimeApplication.class)
                .run(
                        "--server.port=0",
                        "--server.shutdown=immediate",
                        "--management.server.port=-1",
                        "--staffchat.realtime.channel-creations-per-second=1",
                        "--staffchat.realtime.fleet.enabled=true",
                        "--staffchat.realtime.fleet.node-id=" + nodeId,
                        "--staffchat.realtime.fleet.key-prefix=" + redis.prefix(),
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=6379");
        instances.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}

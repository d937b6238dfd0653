package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.BareWebSocket;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.RealtimeServerTest;
import com.staffchat.realtime.support.SignedApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Cache channels, subscription counts, encrypted channels and the refusals of bad input, frame by frame. */
@RealtimeServerTest
class ChannelFeaturesTest {

    @LocalServerPort
    private int port;

    @Test
    void emptyCacheChannelAnswersCacheMissThenReplaysTheLastEventToNewSubscribers() {
        try (RawPusherClient first = RawPusherClient.connected(port)) {
            first.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-score-1\"}}");
            assertThat(first.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"cache-score-1\",\"data\":\"{}\"}");
            assertThat(first.nextFrame()).isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-score-1\"}");

            new SignedApiClient(port)
                    .post(
                            "/apps/" + APP_ID + "/events",
                            "{\"name\":\"score\",\"channel\":\"cache-score-1\",\"data\":\"2-1\"}")
                    .send();
            new SignedApiClient(port)
                    .post(
                            "/apps/" + APP_ID + "/events",
                            "{\"name\":\"score\",\"channel\":\"cache-score-1\",\"data\":\"3-1\"}")
                    .send();
        }
        try (RawPusherClient late = RawPusherClient.connected(port)) {
            late.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-score-1\"}}");

            assertThat(late.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"cache-score-1\",\"data\":\"{}\"}");
            assertThat(late.nextFrame())
                    .isEqualTo("{\"event\":\"score\",\"channel\":\"cache-score-1\",\"data\":\"3-1\"}");
        }
    }

    @Test
    void privateCacheChannelReplaysToo() {
        new SignedApiClient(port)
                .post(
                        "/apps/" + APP_ID + "/events",
                        "{\"name\":\"state\",\"channel\":\"private-cache-desk-2\",\"data\":\"open\"}")
                .send();
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String channel = "private-cache-desk-2";
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, client.socketId(), channel) + "\"}}");

            assertThat(client.nextFrame()).contains("pusher_internal:subscription_succeeded");
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"state\",\"channel\":\"private-cache-desk-2\",\"data\":\"open\"}");
        }
    }

    @Test
    void cachePrefixIsMatchedWhole() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cachefoo\"}}");

            assertThat(client.nextFrame()).contains("pusher_internal:subscription_succeeded");
            // No cache_miss: "cachefoo" is a plain public channel.
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_count\",\"channel\":\"cachefoo\",\"data\":\"{\\\"subscription_count\\\":1}\"}");
        }
    }

    @Test
    void subscriptionCountGoesToEverySubscriberWhenItChangesButNotOnPresenceChannels() {
        String channel = "hotel-count-1";
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            alice.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
            assertThat(alice.nextFrame()).contains("pusher_internal:subscription_succeeded");
            assertThat(alice.nextFrame()).isEqualTo(count(channel, 1));
            try (RawPusherClient bob = RawPusherClient.connected(port)) {
                bob.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
                assertThat(bob.nextFrame()).contains("pusher_internal:subscription_succeeded");
                assertThat(bob.nextFrame()).isEqualTo(count(channel, 2));
                assertThat(alice.nextFrame()).isEqualTo(count(channel, 2));
            }
            assertThat(alice.nextFrame()).isEqualTo(count(channel, 1));

            String presence = "presence-count-1";
            String channelData = "{\"user_id\":\"alice\"}";
            alice.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + presence + "\",\"auth\":\""
                    + AuthEndpoint.presenceAuth(APP_KEY, APP_SECRET, alice.socketId(), presence, channelData)
                    + "\",\"channel_data\":\"" + channelData.replace("\"", "\\\"") + "\"}}");
            assertThat(alice.nextFrame()).contains("pusher_internal:subscription_succeeded");
            alice.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(alice.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void clientEventsAreRefusedOnEncryptedChannels() {
        String channel = "private-encrypted-vault";
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, client.socketId(), channel) + "\"}}");
            assertThat(client.nextFrameIgnoringCounts()).contains("pusher_internal:subscription_succeeded");

            client.send(
                    "{\"event\":\"client-secret\",\"channel\":\"" + channel + "\",\"data\":{\"ciphertext\":\"x\"}}");

            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":"
                            + "\"Client event rejected: client events are only allowed on private and presence channels, not on "
                            + channel + "\"}}");
        }
    }

    @Test
    void unknownPusherEventGetsPushersAnswer() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:frobnicate\",\"data\":{}}");

            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,"
                            + "\"message\":\"Unsupported event received on socket: pusher:frobnicate\"}}");
        }
    }

    @Test
    void overLongChannelNameIsRefused() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + "a".repeat(165) + "\"}}");

            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,"
                            + "\"message\":\"Channel name is 165 characters long, the limit is 164\"}}");
        }
    }

    @Test
    void pathOtherThanAppKeyCloses4005() {
        try (RawPusherClient client = RawPusherClient.connect(port, APP_KEY + "/extra", "protocol=7")) {
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4005,"
                            + "\"message\":\"Path not found: connect to /app/{key}, not /app/" + APP_KEY
                            + "/extra\"}}");
            assertThat(client.closeCode()).isEqualTo(4005);
        }
    }

    @Test
    void malformedVersionCloses4006() {
        try (RawPusherClient client = RawPusherClient.connect(port, APP_KEY, "protocol=7&client=js&version=eight")) {
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":4006,\"message\":\"Invalid version string format: 'eight'\"}}");
            assertThat(client.closeCode()).isEqualTo(4006);
        }
    }

    @Test
    void frameOverTheInboundLimitClosesWith1009() throws Exception {
        try (BareWebSocket socket = new BareWebSocket(port, "/app/" + APP_KEY + "?protocol=7", Duration.ofSeconds(5))) {
            assertThat(socket.nextFrame().text()).contains("pusher:connection_established");

            socket.sendText("{\"event\":\"client-x\",\"data\":\""
                    + "x".repeat(TransportConfiguration.MAX_INBOUND_FRAME_BYTES) + "\"}");

            BareWebSocket.Frame frame = socket.nextFrame();
            assertThat(frame.opcode()).isEqualTo(BareWebSocket.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(1009);
        }
    }

    private static String count(String channel, int n) {
        return "{\"event\":\"pusher_internal:subscription_count\",\"channel\":\"" + channel
                + "\",\"data\":\"{\\\"subscription_count\\\":" + n + "}\"}";
    }
}

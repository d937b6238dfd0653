package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.RealtimeServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The exact frames and close codes a WebSocket client sees. */
@RealtimeServerTest
class WebSocketProtocolTest {

    @LocalServerPort
    private int port;

    @Test
    void firstFrameEstablishesTheConnectionWithSocketIdAndActivityTimeout() {
        try (RawPusherClient client = RawPusherClient.connect(port, APP_KEY, "protocol=7&client=js&version=8.6.0")) {
            assertThat(client.nextFrame())
                    .matches(
                            "\\{\"event\":\"pusher:connection_established\",\"data\":\"\\{\\\\\"socket_id\\\\\":\\\\\"\\d+\\.\\d+\\\\\",\\\\\"activity_timeout\\\\\":120}\"}");
        }
    }

    @Test
    void protocol5FromPusherJavaClientIsAccepted() {
        try (RawPusherClient client =
                RawPusherClient.connect(port, APP_KEY, "protocol=5&client=java-client&version=2.4.4")) {
            assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:connection_established\"");
        }
    }

    @Test
    void pusherPingIsAnsweredWithPong() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:ping\",\"data\":{}}");

            assertThat(client.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void webSocketPingIsAnsweredWithPong() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.sendPing();

            assertThat(client.nextPong().remaining()).isEqualTo(3);
        }
    }

    @Test
    void unknownAppKeyGetsError4001AndCloses4001() {
        try (RawPusherClient client = RawPusherClient.connect(port, "no-such-key", "protocol=7")) {
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"Application does not exist: no app has the key 'no-such-key'\"}}");
            assertThat(client.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void unsupportedProtocolVersionCloses4007() {
        try (RawPusherClient client = RawPusherClient.connect(port, APP_KEY, "protocol=4")) {
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":4007,\"message\":\"Unsupported protocol version '4': this server speaks protocols 5 to 7\"}}");
            assertThat(client.closeCode()).isEqualTo(4007);
        }
    }

    @Test
    void missingProtocolVersionCloses4008() {
        try (RawPusherClient client = RawPusherClient.connect(port, APP_KEY, "client=js")) {
            assertThat(client.nextFrame()).contains("\"code\":4008");
            assertThat(client.closeCode()).isEqualTo(4008);
        }
    }

    @Test
    void publicSubscriptionSucceedsAndUnsubscribeStopsDelivery() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"hotel-lobby\"}}");

            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"hotel-lobby\",\"data\":\"{}\"}");

            client.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"hotel-lobby\"}}");
            client.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(client.nextFrameIgnoringCounts()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void privateSubscriptionWithTheAppsSignatureSucceeds() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String auth = AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, client.socketId(), "private-hotel-7");

            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-hotel-7\",\"auth\":\"" + auth
                    + "\"}}");

            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-hotel-7\",\"data\":\"{}\"}");
        }
    }

    @Test
    void forgedPrivateSignatureIsRefusedWith4009AndASubscriptionError() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String forged = "0".repeat(64);

            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-hotel-7\",\"auth\":\""
                    + APP_KEY + ":" + forged + "\"}}");

            String message = "Invalid signature: Expected HMAC SHA256 hex digest of " + client.socketId()
                    + ":private-hotel-7, but got " + forged;
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"" + message + "\"}}");
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"private-hotel-7\","
                            + "\"data\":\"{\\\"type\\\":\\\"AuthError\\\",\\\"error\\\":\\\"" + message
                            + "\\\",\\\"status\\\":401}\"}");
        }
    }

    @Test
    void signatureForAnotherSocketIsRefused() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String stolen = AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, "1.2", "private-hotel-7");

            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-hotel-7\",\"auth\":\"" + stolen
                    + "\"}}");

            assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,");
        }
    }

    @Test
    void privateSubscriptionWithoutAuthIsRefused() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-hotel-7\"}}");

            assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,");
            assertThat(client.nextFrame())
                    .startsWith("{\"event\":\"pusher:subscription_error\",\"channel\":\"private-hotel-7\"");
        }
    }

    @Test
    void invalidChannelNameIsRefusedWithoutClosing() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"hotel lobby\"}}");

            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":null,"
                                    + "\"message\":\"Invalid channel name 'hotel lobby': only A-Z, a-z, 0-9 and _-=@,.; are allowed\"}}");
            assertThat(client.nextFrame())
                    .startsWith("{\"event\":\"pusher:subscription_error\",\"channel\":\"hotel lobby\"");
            client.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(client.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void malformedFrameGetsAnErrorWithoutCode() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("not json");

            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"Invalid message format: frames must be JSON objects\"}}");
        }
    }

    @Test
    void presenceRosterMemberAddedAndMemberRemovedAreFormattedAsPusherDoes() {
        String channel = "presence-hotel-9";
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            subscribePresence(alice, channel, "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}");
            assertThat(alice.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"" + channel
                                    + "\",\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[\\\"alice\\\"],\\\"hash\\\":{\\\"alice\\\":{\\\"name\\\":\\\"Alice\\\"}},\\\"count\\\":1}}\"}");

            try (RawPusherClient bob = RawPusherClient.connected(port)) {
                subscribePresence(bob, channel, "{\"user_id\":\"bob\",\"user_info\":{\"name\":\"Bob\"}}");
                assertThat(bob.nextFrame())
                        .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"" + channel
                                + "\",\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[\\\"alice\\\",\\\"bob\\\"],\\\"hash\\\":{\\\"alice\\\":{\\\"name\\\":\\\"Alice\\\"},"
                                + "\\\"bob\\\":{\\\"name\\\":\\\"Bob\\\"}},\\\"count\\\":2}}\"}");
                assertThat(alice.nextFrame())
                        .isEqualTo(
                                "{\"event\":\"pusher_internal:member_added\",\"channel\":\"" + channel
                                        + "\",\"data\":\"{\\\"user_id\\\":\\\"bob\\\",\\\"user_info\\\":{\\\"name\\\":\\\"Bob\\\"}}\"}");
            }

            assertThat(alice.nextFrame())
                    .isEqualTo("{\"event\":\"pusher_internal:member_removed\",\"channel\":\"" + channel
                            + "\",\"data\":\"{\\\"user_id\\\":\\\"bob\\\"}\"}");
        }
    }

    @Test
    void secondConnectionOfTheSameUserIsNotAnnouncedTwice() {
        String channel = "presence-hotel-10";
        String alice = "{\"user_id\":\"alice\"}";
        try (RawPusherClient watcher = RawPusherClient.connected(port);
                RawPusherClient firstTab = RawPusherClient.connected(port)) {
            subscribePresence(watcher, channel, "{\"user_id\":\"watcher\"}");
            assertThat(watcher.nextFrame()).contains("subscription_succeeded");
            subscribePresence(firstTab, channel, alice);
            assertThat(firstTab.nextFrame()).contains("\\\"count\\\":2");
            assertThat(watcher.nextFrame()).contains("member_added").contains("alice");

            try (RawPusherClient secondTab = RawPusherClient.connected(port)) {
                subscribePresence(secondTab, channel, alice);
                assertThat(secondTab.nextFrame()).contains("\\\"count\\\":2");
            }
            firstTab.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");

            // Only the last of alice's connections leaving announces her departure, and only once.
            assertThat(watcher.nextFrame())
                    .isEqualTo("{\"event\":\"pusher_internal:member_removed\",\"channel\":\"" + channel
                            + "\",\"data\":\"{\\\"user_id\\\":\\\"alice\\\"}\"}");
            watcher.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(watcher.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void clientEventReachesOtherMembersButNotItsSender() {
        String channel = "private-hotel-11";
        try (RawPusherClient sender = RawPusherClient.connected(port);
                RawPusherClient receiver = RawPusherClient.connected(port)) {
            for (RawPusherClient client : new RawPusherClient[] {sender, receiver}) {
                client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                        + AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, client.socketId(), channel) + "\"}}");
                assertThat(client.nextFrameIgnoringCounts()).contains("subscription_succeeded");
            }

            sender.send("{\"event\":\"client-typing\",\"channel\":\"" + channel + "\",\"data\":{\"user\":\"alice\"}}");

            assertThat(receiver.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"client-typing\",\"channel\":\"" + channel
                            + "\",\"data\":\"{\\\"user\\\":\\\"alice\\\"}\"}");
            sender.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(sender.nextFrameIgnoringCounts()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void clientEventOnPublicChannelIsRejected() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"hotel-12\"}}");
            assertThat(client.nextFrameIgnoringCounts()).contains("subscription_succeeded");

            client.send("{\"event\":\"client-typing\",\"channel\":\"hotel-12\",\"data\":{}}");

            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":"
                                    + "\"Client event rejected: client events are only allowed on private and presence channels, not on hotel-12\"}}");
        }
    }

    @Test
    void clientEventsBeyondTenASecondAreRejectedWith4301() {
        String channel = "private-hotel-13";
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + AuthEndpoint.privateAuth(APP_KEY, APP_SECRET, client.socketId(), channel) + "\"}}");
            assertThat(client.nextFrameIgnoringCounts()).contains("subscription_succeeded");

            for (int i = 0; i < 25; i++) {
                client.send("{\"event\":\"client-typing\",\"channel\":\"" + channel + "\",\"data\":{}}");
            }

            // 25 events span at most two one-second windows, so at least 5 are over the allowance.
            assertThat(client.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4301,\"message\":"
                            + "\"Client event rejected due to rate limit: at most 10 client events a second\"}}");
        }
    }

    private static void subscribePresence(RawPusherClient client, String channel, String channelData) {
        String auth = AuthEndpoint.presenceAuth(APP_KEY, APP_SECRET, client.socketId(), channel, channelData);
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth
                + "\",\"channel_data\":\"" + channelData.replace("\"", "\\\"") + "\"}}");
    }
}

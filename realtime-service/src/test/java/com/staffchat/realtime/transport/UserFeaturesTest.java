package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.SignatureUtil;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.RealtimeServerTest;
import com.staffchat.realtime.support.SignedApiClient;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** pusher:signin, watchlist events, #server-to-user channels and terminate_connections, frame by frame. */
@RealtimeServerTest
class UserFeaturesTest {

    @LocalServerPort
    private int port;

    @Test
    void signinIsAnsweredWithTheSignedUserDataAndTheWatchlistState() {
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            String userData = "{\"id\":\"u-alice\",\"watchlist\":[\"u-bob\",\"u-carol\"]}";

            signin(alice, userData);

            assertThat(alice.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:signin_success\",\"data\":\"{\\\"user_data\\\":\\\""
                            + userData.replace("\"", "\\\\\\\"") + "\\\"}\"}");
            assertThat(alice.nextFrame())
                    .isEqualTo("{\"event\":\"pusher_internal:watchlist_events\",\"data\":\"{\\\"events\\\":"
                            + "[{\\\"name\\\":\\\"offline\\\",\\\"user_ids\\\":[\\\"u-bob\\\",\\\"u-carol\\\"]}]}\"}");

            try (RawPusherClient bob = RawPusherClient.connected(port)) {
                signin(bob, "{\"id\":\"u-bob\"}");
                assertThat(bob.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");
                assertThat(alice.nextFrame())
                        .isEqualTo("{\"event\":\"pusher_internal:watchlist_events\",\"data\":\"{\\\"events\\\":"
                                + "[{\\\"name\\\":\\\"online\\\",\\\"user_ids\\\":[\\\"u-bob\\\"]}]}\"}");
            }

            assertThat(alice.nextFrame())
                    .isEqualTo("{\"event\":\"pusher_internal:watchlist_events\",\"data\":\"{\\\"events\\\":"
                            + "[{\\\"name\\\":\\\"offline\\\",\\\"user_ids\\\":[\\\"u-bob\\\"]}]}\"}");
        }
    }

    @Test
    void signinWithAForgedSignatureGets4009AndTheConnectionStaysOpen() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String userData = "{\"id\":\"u-mallory\"}";
            String forged = "0".repeat(64);
            client.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + APP_KEY + ":" + forged
                    + "\",\"user_data\":\"" + userData.replace("\"", "\\\"") + "\"}}");

            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":"
                            + "\"Invalid signature: Expected HMAC SHA256 hex digest of " + client.socketId()
                            + "::user::"
                            + userData.replace("\"", "\\\"") + ", but got " + forged + "\"}}");
            client.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(client.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void signinWithoutAnIdIsRefused() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            signin(client, "{\"name\":\"no id\"}");

            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":"
                            + "\"Invalid signin: user_data must be a JSON object with an id (a non-empty string)\"}}");
        }
    }

    @Test
    void signingInAsAnotherUserOnTheSameConnectionIsRefused() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            signin(client, "{\"id\":\"u-first\"}");
            assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");

            signin(client, "{\"id\":\"u-second\"}");

            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":"
                            + "\"Invalid signin: this connection is already signed in as another user\"}}");
        }
    }

    @Test
    void watchlistBeyondOneHundredIdsKeepsTheFirstHundredWith4302() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String ids = IntStream.range(0, 101).mapToObj(i -> "\"w" + i + "\"").collect(Collectors.joining(","));
            signin(client, "{\"id\":\"u-watcher\",\"watchlist\":[" + ids + "]}");

            assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4302,\"message\":"
                            + "\"Watchlist limit exceeded. Only the first 100 user IDs are accepted.\"}}");
            String state = client.nextFrame();
            assertThat(state)
                    .startsWith("{\"event\":\"pusher_internal:watchlist_events\"")
                    .contains("\\\"w99\\\"")
                    .doesNotContain("\\\"w100\\\"");
        }
    }

    @Test
    void serverToUserChannelNeedsTheSigninAndReceivesEventsFromTheApi() {
        try (RawPusherClient client = RawPusherClient.connected(port)) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-u-dan\"}}");
            String refusal =
                    "Subscribing to #server-to-user-u-dan requires signing in as user 'u-dan' first (pusher:signin)";
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"" + refusal + "\"}}");
            assertThat(client.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"#server-to-user-u-dan\","
                            + "\"data\":\"{\\\"type\\\":\\\"SubscriptionError\\\",\\\"error\\\":\\\"" + refusal
                            + "\\\",\\\"status\\\":403}\"}");

            signin(client, "{\"id\":\"u-dan\"}");
            assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-u-dan\"}}");
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"#server-to-user-u-dan\",\"data\":\"{}\"}");

            var response = new SignedApiClient(port)
                    .post(
                            "/apps/" + APP_ID + "/events",
                            "{\"name\":\"shift-changed\",\"channel\":\"#server-to-user-u-dan\",\"data\":\"{\\\"shift\\\":2}\"}")
                    .send();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"shift-changed\",\"channel\":\"#server-to-user-u-dan\",\"data\":\"{\\\"shift\\\":2}\"}");
            client.send("{\"event\":\"client-x\",\"channel\":\"#server-to-user-u-dan\",\"data\":{}}");
            assertThat(client.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":"
                                    + "\"Client event rejected: client events are only allowed on private and presence channels, not on #server-to-user-u-dan\"}}");
        }
    }

    @Test
    void terminateConnectionsClosesOnlyTheUsersSignedInConnectionsWith4009() {
        try (RawPusherClient signedIn = RawPusherClient.connected(port);
                RawPusherClient bystander = RawPusherClient.connected(port)) {
            signin(signedIn, "{\"id\":\"u-erin\"}");
            assertThat(signedIn.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");

            var response = new SignedApiClient(port)
                    .post("/apps/" + APP_ID + "/users/u-erin/terminate_connections", "{}")
                    .send();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{}");
            assertThat(signedIn.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":"
                            + "\"Connection terminated by the app: user 'u-erin' was signed out\"}}");
            assertThat(signedIn.closeCode()).isEqualTo(4009);
            bystander.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(bystander.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void terminateForAUserWithNoConnectionsIsStill200() {
        var response = new SignedApiClient(port)
                .post("/apps/" + APP_ID + "/users/nobody/terminate_connections", "{}")
                .send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    static void signin(RawPusherClient client, String userData) {
        String auth = APP_KEY + ":" + SignatureUtil.sign(client.socketId() + "::user::" + userData, APP_SECRET);
        client.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + auth + "\",\"user_data\":\""
                + userData.replace("\"", "\\\"") + "\"}}");
    }
}

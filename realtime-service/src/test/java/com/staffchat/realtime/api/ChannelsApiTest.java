package com.staffchat.realtime.api;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.RealtimeServerTest;
import com.staffchat.realtime.support.SignedApiClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Channel queries and the {@code info} parameter, each ending in its exact status and body. */
@RealtimeServerTest
class ChannelsApiTest {

    private static final String BASE = "/apps/" + APP_ID;

    @LocalServerPort
    private int port;

    private SignedApiClient api;

    @BeforeEach
    void client() {
        api = new SignedApiClient(port);
    }

    @Test
    void channelsListsOccupiedChannelsByPrefixWithUserCountsForPresence() {
        try (RawPusherClient alice = RawPusherClient.connected(port);
                RawPusherClient bob = RawPusherClient.connected(port)) {
            subscribePublic(alice, "api-list-public");
            joinPresence(alice, "presence-api-list", "alice");
            joinPresence(bob, "presence-api-list", "bob");

            HttpResponse<String> presence = api.get(
                            BASE + "/channels", Map.of("filter_by_prefix", "presence-api-", "info", "user_count"))
                    .send();
            HttpResponse<String> publics = api.get(BASE + "/channels", Map.of("filter_by_prefix", "api-list"))
                    .send();

            assertThat(presence.statusCode()).isEqualTo(200);
            assertThat(presence.body()).isEqualTo("{\"channels\":{\"presence-api-list\":{\"user_count\":2}}}");
            assertThat(publics.statusCode()).isEqualTo(200);
            assertThat(publics.body()).isEqualTo("{\"channels\":{\"api-list-public\":{}}}");
        }
    }

    @Test
    void userCountWithoutAPresencePrefixGets400() {
        HttpResponse<String> response =
                api.get(BASE + "/channels", Map.of("info", "user_count")).send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo(
                        "user_count may only be requested for presence channels: add filter_by_prefix=presence- to the request");
    }

    @Test
    void unknownInfoAttributeGets400() {
        HttpResponse<String> response =
                api.get(BASE + "/channels/api-x", Map.of("info", "colour")).send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("Unknown info attribute 'colour'");
    }

    @Test
    void channelReportsOccupiedAndTheRequestedCounts() {
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            joinPresence(alice, "presence-api-one", "alice");

            HttpResponse<String> presence = api.get(
                            BASE + "/channels/presence-api-one", Map.of("info", "user_count,subscription_count"))
                    .send();
            HttpResponse<String> vacant = api.get(BASE + "/channels/api-nobody", Map.of("info", "subscription_count"))
                    .send();

            assertThat(presence.statusCode()).isEqualTo(200);
            assertThat(presence.body()).isEqualTo("{\"occupied\":true,\"user_count\":1,\"subscription_count\":1}");
            assertThat(vacant.body()).isEqualTo("{\"occupied\":false,\"subscription_count\":0}");
        }
    }

    @Test
    void userCountOnAPublicChannelGets400() {
        HttpResponse<String> response = api.get(BASE + "/channels/api-public", Map.of("info", "user_count"))
                .send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("user_count is only available for presence channels, not api-public");
    }

    @Test
    void cacheInfoCarriesTheLastEventAndItsTtl() {
        api.post(BASE + "/events", "{\"name\":\"price\",\"channel\":\"cache-api-price\",\"data\":\"42\"}")
                .send();

        HttpResponse<String> response = api.get(BASE + "/channels/cache-api-price", Map.of("info", "cache"))
                .send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .matches(
                        "\\{\"occupied\":false,\"cache\":\\{\"event\":\"price\",\"data\":\"42\",\"ttl\":(1799|1800)}}");
    }

    @Test
    void usersListsThePresenceUserIdsAndRefusesOtherKinds() {
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            joinPresence(alice, "presence-api-users", "alice");

            HttpResponse<String> users = api.get(BASE + "/channels/presence-api-users/users", Map.of())
                    .send();
            HttpResponse<String> notPresence = api.get(BASE + "/channels/private-api-users/users", Map.of())
                    .send();

            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).isEqualTo("{\"users\":[{\"id\":\"alice\"}]}");
            assertThat(notPresence.statusCode()).isEqualTo(400);
            assertThat(notPresence.body())
                    .isEqualTo("Users can only be listed for presence channels, not private-api-users");
        }
    }

    @Test
    void unsignedOrWronglySignedGetGets401() {
        HttpResponse<String> forged = api.get(BASE + "/channels", Map.of())
                .signedWithSecret("not-the-secret")
                .send();

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body())
                .startsWith("Invalid signature: you should have sent HmacSHA256Hex(\"GET\\n/apps/" + APP_ID
                        + "/channels\\nauth_key=");
    }

    @Test
    void invalidChannelNameInThePathGets400() {
        HttpResponse<String> response =
                api.get(BASE + "/channels/" + "a".repeat(165), Map.of()).send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Channel name is 165 characters long, the limit is 164");
    }

    @Test
    void eventsWithInfoAnswerTheChannelsCounts() {
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            joinPresence(alice, "presence-api-info", "alice");
            subscribePublic(alice, "api-info");

            HttpResponse<String> response = api.post(
                            BASE + "/events",
                            "{\"name\":\"e\",\"channels\":[\"presence-api-info\","
                                    + "\"api-info\",\"api-info-empty\"],\"data\":\"1\",\"info\":\"user_count,subscription_count\"}")
                    .send();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .isEqualTo(
                            "{\"channels\":{\"presence-api-info\":{\"user_count\":1,\"subscription_count\":1},"
                                    + "\"api-info\":{\"subscription_count\":1},\"api-info-empty\":{\"subscription_count\":0}}}");
        }
    }

    @Test
    void batchWithInfoAnswersOneEntryPerEvent() {
        try (RawPusherClient alice = RawPusherClient.connected(port)) {
            subscribePublic(alice, "api-batch-info");

            HttpResponse<String> response = api.post(
                            BASE + "/batch_events",
                            "{\"batch\":["
                                    + "{\"name\":\"a\",\"channel\":\"api-batch-info\",\"data\":\"1\",\"info\":\"subscription_count\"},"
                                    + "{\"name\":\"b\",\"channel\":\"api-batch-other\",\"data\":\"2\"}]}")
                    .send();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"batch\":[{\"subscription_count\":1},{}]}");
        }
    }

    private static void subscribePublic(RawPusherClient client, String channel) {
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
        assertThat(client.nextFrameIgnoringCounts()).contains("pusher_internal:subscription_succeeded");
    }

    private static void joinPresence(RawPusherClient client, String channel, String user) {
        String channelData = "{\"user_id\":\"" + user + "\"}";
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                + AuthEndpoint.presenceAuth(APP_KEY, APP_SECRET, client.socketId(), channel, channelData)
                + "\",\"channel_data\":\"" + channelData.replace("\"", "\\\"") + "\"}}");
        assertThat(client.nextFrameIgnoringCounts()).contains("pusher_internal:subscription_succeeded");
    }
}

package com.staffchat.realtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.SignedApiClient;
import com.staffchat.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Apps stored in PostgreSQL join the configured ones and are reloaded while the server runs: an
 * added app can connect, a disabled app's connections are closed with 4003 and a deleted app's with
 * 4001, all without a restart. The poll interval is an hour here, so every change below reaches the
 * server through the table's NOTIFY.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.realtime.apps-from-database.enabled=true",
            "staffchat.realtime.apps-from-database.poll-interval=1h"
        })
class AppsFromDatabaseTest {

    private static final String SCHEMA = TestDatabase.freshSchema("realtime_it");

    private static final Duration RELOAD = Duration.ofSeconds(5);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    private int port;

    @Test
    void storedAppIsServedAlongsideTheConfiguredOneAndDisablingItClosesItsConnectionsWith4003() throws Exception {
        sql("insert into apps (id, key, secret) values ('hotel-9', 'hotel-9-key', 'hotel-9-secret')");

        RawPusherClient stored =
                await().atMost(RELOAD).until(() -> connectOrNull("hotel-9-key"), client -> client != null);
        try (stored;
                RawPusherClient configured = RawPusherClient.connected(port)) {
            assertThat(new SignedApiClient(port)
                            .post("/apps/hotel-9/events", "{\"name\":\"e\",\"channel\":\"lobby\",\"data\":\"{}\"}")
                            .as("hotel-9-key", "hotel-9-secret")
                            .send()
                            .statusCode())
                    .isEqualTo(200);

            sql("update apps set enabled = false where id = 'hotel-9'");

            assertThat(stored.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4003,"
                            + "\"message\":\"Application disabled: the app with the key 'hotel-9-key' is disabled\"}}");
            assertThat(stored.closeCode()).isEqualTo(4003);
            try (RawPusherClient refused = RawPusherClient.connect(port, "hotel-9-key", "protocol=7")) {
                assertThat(refused.nextFrame()).contains("\"code\":4003");
                assertThat(refused.closeCode()).isEqualTo(4003);
            }
            var api = new SignedApiClient(port)
                    .post("/apps/hotel-9/events", "{\"name\":\"e\",\"channel\":\"lobby\",\"data\":\"{}\"}")
                    .as("hotel-9-key", "hotel-9-secret")
                    .send();
            assertThat(api.statusCode()).isEqualTo(403);
            assertThat(api.body()).isEqualTo("App 'hotel-9' is disabled");

            // The configured app was never touched.
            configured.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertThat(configured.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        }
    }

    @Test
    void storedAppsSignInDeadlineClosesConnectionsThatDoNotSignInWith4009() throws Exception {
        sql("insert into apps (id, key, secret, sign_in_deadline_seconds) values ('hotel-3', 'hotel-3-key', 's', 1)");
        RawPusherClient stored =
                await().atMost(RELOAD).until(() -> connectOrNull("hotel-3-key"), client -> client != null);
        try (stored) {
            assertThat(stored.nextFrame())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"Connection not"
                                    + " authorized within timeout: this app requires pusher:signin within 1 s of connecting\"}}");
            assertThat(stored.closeCode()).isEqualTo(4009);
        }
    }

    @Test
    void deletedAppsConnectionsAreClosedWith4001AndItsLimitsComeFromTheRow() throws Exception {
        sql("insert into apps (id, key, secret, max_connections) values ('hotel-5', 'hotel-5-key', 's', 1)");
        RawPusherClient stored =
                await().atMost(RELOAD).until(() -> connectOrNull("hotel-5-key"), client -> client != null);
        try (stored;
                RawPusherClient second = RawPusherClient.connect(port, "hotel-5-key", "protocol=7")) {
            assertThat(second.nextFrame()).contains("\"code\":4004");

            sql("delete from apps where id = 'hotel-5'");

            assertThat(stored.nextFrame())
                    .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,"
                            + "\"message\":\"Application does not exist: no app has the key 'hotel-5-key'\"}}");
            assertThat(stored.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void storedAppCannotTakeOverAConfiguredAppsKey() throws Exception {
        sql("insert into apps (id, key, secret) values ('impostor', 'staffchat-key', 'guessed')");
        sql("insert into apps (id, key, secret) values ('marker', 'marker-key', 'm')");
        await().atMost(RELOAD)
                .until(() -> connectOrNull("marker-key"), client -> client != null)
                .close();

        try (RawPusherClient client = RawPusherClient.connected(port)) {
            String auth =
                    "staffchat-key:" + com.pusher.rest.SignatureUtil.sign(client.socketId() + ":private-x", "guessed");
            client.send(
                    "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-x\",\"auth\":\"" + auth + "\"}}");
            assertThat(client.nextFrame()).contains("\"code\":4009");
        }
    }

    @Test
    void storedAppWithAHigherPresenceCapTakesMoreThanOneHundredMembersWhileTheDefaultAppRefusesThe101st()
            throws Exception {
        sql("insert into apps (id, key, secret, max_presence_members) values ('big-hotel', 'big-key', 'big-secret',"
                + " 1000)");
        await().atMost(RELOAD)
                .until(() -> connectOrNull("big-key"), client -> client != null)
                .close();
        java.util.List<RawPusherClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 1; i <= 101; i++) {
                RawPusherClient client = RawPusherClient.connect(port, "big-key", "protocol=7");
                clients.add(client);
                assertThat(subscribePresence(client, "big-key", "big-secret", "u" + i))
                        .as("member %d of the stored app", i)
                        .startsWith("{\"event\":\"pusher_internal:subscription_succeeded\"");
            }
            assertThat(new SignedApiClient(port)
                            .get("/apps/big-hotel/channels/presence-big-staff", java.util.Map.of("info", "user_count"))
                            .as("big-key", "big-secret")
                            .send()
                            .body())
                    .contains("\"user_count\":101");

            for (int i = 1; i <= 101; i++) {
                RawPusherClient client = RawPusherClient.connected(port);
                clients.add(client);
                String answer = subscribePresence(
                        client,
                        com.staffchat.realtime.support.RealtimeServerTest.APP_KEY,
                        com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET,
                        "u" + i);
                if (i <= 100) {
                    assertThat(answer).startsWith("{\"event\":\"pusher_internal:subscription_succeeded\"");
                } else {
                    assertThat(answer)
                            .as("the configured app keeps the default cap of 100")
                            .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":"
                                    + "\"Presence channel presence-big-staff is full: at most 100 members\"}}");
                    assertThat(client.nextFrameIgnoringCounts())
                            .isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"presence-big-staff\","
                                    + "\"data\":\"{\\\"type\\\":\\\"SubscriptionError\\\",\\\"error\\\":"
                                    + "\\\"Presence channel presence-big-staff is full: at most 100 members\\\","
                                    + "\\\"status\\\":403}\"}");
                }
            }
        } finally {
            clients.forEach(RawPusherClient::close);
        }
    }

    /** Subscribes to {@code presence-big-staff} as {@code userId}; answers the server's reply. */
    private static String subscribePresence(RawPusherClient client, String key, String secret, String userId) {
        String channelData = "{\"user_id\":\"" + userId + "\"}";
        String auth = com.staffchat.realtime.support.AuthEndpoint.presenceAuth(
                key, secret, client.socketId(), "presence-big-staff", channelData);
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-big-staff\",\"auth\":\"" + auth
                + "\",\"channel_data\":\"" + channelData.replace("\"", "\\\"") + "\"}}");
        return client.nextFrameIgnoringCounts();
    }

    /** A connected client, or null (closed) while the app is not served yet. */
    private RawPusherClient connectOrNull(String key) {
        RawPusherClient client = RawPusherClient.connect(port, key, "protocol=7");
        if (client.nextFrame().startsWith("{\"event\":\"pusher:connection_established\"")) {
            return client;
        }
        client.close();
        return null;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = TestDatabase.connect()) {
            connection.createStatement().execute("set search_path to " + SCHEMA);
            connection.createStatement().execute(statement);
        }
    }
}

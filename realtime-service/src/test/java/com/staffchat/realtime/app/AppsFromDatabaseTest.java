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

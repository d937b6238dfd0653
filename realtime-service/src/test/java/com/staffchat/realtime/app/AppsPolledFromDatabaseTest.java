package com.staffchat.realtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without notifications (the trigger is off here), the poll alone picks up a change within its interval. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.realtime.apps-from-database.enabled=true",
            "staffchat.realtime.apps-from-database.poll-interval=300ms"
        })
class AppsPolledFromDatabaseTest {

    private static final String SCHEMA = TestDatabase.freshSchema("realtime_poll");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    private int port;

    @Test
    void appAddedWithoutNotificationIsServedAfterThePoll() throws Exception {
        sql("alter table apps disable trigger apps_changed");
        sql("insert into apps (id, key, secret) values ('quiet', 'quiet-key', 'q')");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (RawPusherClient client = RawPusherClient.connect(port, "quiet-key", "protocol=7")) {
                assertThat(client.nextFrame()).startsWith("{\"event\":\"pusher:connection_established\"");
            }
        });
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = TestDatabase.connect()) {
            connection.createStatement().execute("set search_path to " + SCHEMA);
            connection.createStatement().execute(statement);
        }
    }
}

package com.staffchat.notification.push;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import com.staffchat.testsupport.FcmTestServer;
import com.staffchat.testsupport.TestDatabase;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Real firebase-admin pointed at a local {@link FcmTestServer} (Google is never called), and this
 * service's schema migrated into a fresh schema of the local PostgreSQL.
 */
final class FcmFixture implements AutoCloseable {

    static final String PROJECT = "staffchat-test";
    static final String ACCESS_TOKEN = "test-access-token";

    final FcmTestServer server = FcmTestServer.start();
    final FirebaseApp app = FirebaseApp.initializeApp(
            server.firebaseOptions(PROJECT, credentials()).build(), "fcm-test-" + UUID.randomUUID());

    static GoogleCredentials credentials() {
        return GoogleCredentials.create(
                new AccessToken(ACCESS_TOKEN, Date.from(Instant.now().plus(Duration.ofDays(3650)))));
    }

    FirebaseMessaging messaging() {
        return FirebaseMessaging.getInstance(app);
    }

    /** A fresh schema with this service's migrations, and a client on it. */
    static DatabaseClient migratedDatabase() {
        String schema = TestDatabase.freshSchema("notification_push");
        Flyway.configure()
                .dataSource(TestDatabase.jdbcUrl(), TestDatabase.USER, "")
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return DatabaseClient.create(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(TestDatabase.HOST)
                .port(TestDatabase.PORT)
                .database(TestDatabase.DATABASE)
                .username(TestDatabase.USER)
                .schema(schema)
                .build()));
    }

    @Override
    public void close() {
        app.delete();
        server.close();
    }
}

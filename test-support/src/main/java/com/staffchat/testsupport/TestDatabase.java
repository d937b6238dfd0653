package com.staffchat.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The local PostgreSQL (127.0.0.1:5432, trust auth) as tests use it: one database for tests, and
 * a fresh schema per test run so runs never see each other's rows.
 */
public final class TestDatabase {

    public static final String HOST = System.getenv().getOrDefault("STAFFCHAT_TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("STAFFCHAT_TEST_PG_PORT", "5432"));
    public static final String USER = System.getenv().getOrDefault("STAFFCHAT_TEST_PG_USER", "postgres");
    public static final String DATABASE = "staffchat_test";

    private TestDatabase() {}

    /** A schema name no earlier run used, e.g. {@code message_it_3f9a1c}. Flyway creates it. */
    public static String freshSchema(String prefix) {
        ensureDatabase();
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    public static String r2dbcUrl() {
        return "r2dbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    /** Spring properties that point a service's R2DBC and Flyway at {@code schema}. */
    public static Map<String, String> springProperties(String schema) {
        return Map.of(
                "spring.r2dbc.url", r2dbcUrl(),
                "spring.r2dbc.properties.schema", schema,
                "spring.r2dbc.username", USER,
                "spring.r2dbc.password", "",
                "spring.flyway.url", jdbcUrl(),
                "spring.flyway.user", USER,
                "spring.flyway.password", "",
                "spring.flyway.schemas", schema,
                "spring.flyway.default-schema", schema);
    }

    public static synchronized void ensureDatabase() {
        try (Connection c =
                DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "")) {
            var rs = c.createStatement().executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                c.createStatement().execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently
                throw new IllegalStateException(
                        "PostgreSQL at " + HOST + ":" + PORT + " is not reachable: " + e.getMessage(), e);
            }
        }
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }
}

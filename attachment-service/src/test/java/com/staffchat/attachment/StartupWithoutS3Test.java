package com.staffchat.attachment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** An operator who points the service at a dead S3 endpoint gets a failed start that names it. */
class StartupWithoutS3Test {

    static final String SCHEMA = TestDatabase.freshSchema("attachment_it");

    @AfterAll
    static void dropSchema() throws SQLException {
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void startFailsNamingTheUnreachableEndpoint() throws IOException {
        String endpoint = "http://127.0.0.1:" + closedPort();
        List<String> args = new ArrayList<>();
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> args.add("--" + key + "=" + value));
        args.addAll(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort(),
                "--staffchat.security.jwt-secret=" + TestTokens.SECRET,
                "--staffchat.s3.endpoint=" + endpoint));

        assertThatThrownBy(() -> SpringApplication.run(AttachmentServiceApplication.class, args.toArray(String[]::new))
                        .close())
                .hasStackTraceContaining("Could not check bucket 'staffchat-attachments' at S3 endpoint " + endpoint
                        + ": it is not reachable");
    }

    /** A loopback port nothing listens on: bound by us a moment ago, then released. */
    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

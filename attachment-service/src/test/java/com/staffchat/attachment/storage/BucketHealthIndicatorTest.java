package com.staffchat.attachment.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.testsupport.S3ProxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The {@code s3} readiness contributor against a real store: up, bucket missing, store gone. */
class BucketHealthIndicatorTest {

    static final S3ProxyServer S3 = S3ProxyServer.start();

    /** One client for the live store: closing a client waits out Netty's quiet period (about 2 s). */
    static final S3AsyncClient CLIENT = new S3ClientConfiguration().s3AsyncClient(properties(S3.endpoint(), "any"));

    @AfterAll
    static void stop() {
        CLIENT.close();
        S3.close();
    }

    @Test
    void upOnceTheBucketIsProvisioned() {
        S3Properties properties = properties(S3.endpoint(), "health-up");
        var bucket = new AttachmentBucket(CLIENT, properties);
        assertThat(bucket.ensureExists(Duration.ofSeconds(5)).block())
                .as("first start creates it")
                .isTrue();
        assertThat(bucket.ensureExists(Duration.ofSeconds(5)).block())
                .as("next start finds it")
                .isFalse();

        Health health = new BucketHealthIndicator(bucket, properties).health().block();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("bucket", "health-up");
    }

    @Test
    void downWhileTheBucketIsMissing() {
        S3Properties properties = properties(S3.endpoint(), "never-created");
        Health health = new BucketHealthIndicator(new AttachmentBucket(CLIENT, properties), properties)
                .health()
                .block();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "bucket does not exist");
    }

    @Test
    void downNamingTheEndpointWhenTheStoreIsUnreachable() throws IOException {
        URI dead = URI.create("http://127.0.0.1:" + closedPort());
        S3Properties properties = properties(dead, "staffchat-attachments");
        try (S3AsyncClient client = new S3ClientConfiguration().s3AsyncClient(properties)) {
            Health health = new BucketHealthIndicator(new AttachmentBucket(client, properties), properties)
                    .health()
                    .block();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString())
                    .startsWith("Could not check bucket 'staffchat-attachments' at S3 endpoint " + dead
                            + ": it is not reachable");
        }
    }

    @Test
    void wrongSecretIsReportedAsRefusedCredentials() {
        S3Properties properties = new S3Properties(
                S3.endpoint(),
                S3ProxyServer.REGION,
                S3ProxyServer.ACCESS_KEY,
                "not-the-secret",
                "staffchat-attachments",
                true);
        try (S3AsyncClient client = new S3ClientConfiguration().s3AsyncClient(properties)) {
            Health health = new BucketHealthIndicator(new AttachmentBucket(client, properties), properties)
                    .health()
                    .block();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString())
                    .contains("answered 403")
                    .contains("check staffchat.s3.access-key and staffchat.s3.secret-key");
        }
    }

    private static S3Properties properties(URI endpoint, String bucket) {
        return new S3Properties(
                endpoint, S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, bucket, true);
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

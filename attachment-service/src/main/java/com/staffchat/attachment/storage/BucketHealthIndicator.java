package com.staffchat.attachment.storage;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health contributor {@code s3}: UP while the attachments bucket answers. Part of the readiness group,
 * so an instance that cannot store files stops receiving uploads instead of failing them.
 */
@Component("s3HealthIndicator")
class BucketHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final AttachmentBucket bucket;
    private final S3Properties properties;

    BucketHealthIndicator(AttachmentBucket bucket, S3Properties properties) {
        this.bucket = bucket;
        this.properties = properties;
    }

    @Override
    public Mono<Health> health() {
        return bucket.exists(TIMEOUT)
                .map(present -> (present ? Health.up() : Health.down().withDetail("error", "bucket does not exist")))
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getMessage())))
                .map(health -> health.withDetail(
                                "endpoint", properties.endpoint().toString())
                        .withDetail("bucket", bucket.name())
                        .build());
    }
}

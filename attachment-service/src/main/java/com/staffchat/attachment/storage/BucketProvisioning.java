package com.staffchat.attachment.storage;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the attachments bucket at start. Runners finish before the application reports itself ready,
 * so no upload reaches an instance without its bucket; if S3 cannot be reached the start fails with a
 * message naming the endpoint, rather than every upload failing later.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BucketProvisioning implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BucketProvisioning.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AttachmentBucket bucket;
    private final S3Properties properties;

    BucketProvisioning(AttachmentBucket bucket, S3Properties properties) {
        this.bucket = bucket;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean created = Boolean.TRUE.equals(bucket.ensureExists(TIMEOUT).block());
        log.info("{} bucket '{}' at {}", created ? "Created" : "Found", bucket.name(), properties.endpoint());
    }
}

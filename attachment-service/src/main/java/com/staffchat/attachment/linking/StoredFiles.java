package com.staffchat.attachment.linking;

import com.staffchat.attachment.storage.AttachmentBucket;
import com.staffchat.support.consumer.DependencyUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Deletes an attachment's objects from the bucket: the file, and its thumbnails whether or not they were made
 * ({@code {key}/thumb-small}, {@code {key}/thumb-large}; deleting a missing key is no error in S3). One call per key,
 * so any S3-compatible store takes it. A failure is a {@link DependencyUnavailableException}: the consumer kit waits
 * the store's outage out instead of dead-lettering the event.
 */
@Component
class StoredFiles {

    /** One delete call taking longer than this counts as the store being down. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final int CALLS_IN_FLIGHT = 8;

    private final S3AsyncClient s3;
    private final AttachmentBucket bucket;

    StoredFiles(S3AsyncClient s3, AttachmentBucket bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Every key the attachments stored under {@code objectKey} (and {@code thumbnailKey}, if any) may have. */
    static List<String> keysOf(String objectKey, String thumbnailKey) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(objectKey);
        if (thumbnailKey != null) {
            keys.add(thumbnailKey);
        }
        keys.add(objectKey + "/thumb-small");
        keys.add(objectKey + "/thumb-large");
        return List.copyOf(keys);
    }

    Mono<Void> delete(Collection<String> keys) {
        return Flux.fromIterable(keys)
                .flatMap(
                        key -> Mono.fromFuture(() -> s3.deleteObject(
                                        b -> b.bucket(bucket.name()).key(key)))
                                .timeout(CALL_TIMEOUT)
                                .onErrorMap(e -> new DependencyUnavailableException(
                                        "S3 could not delete '" + key + "' in bucket '" + bucket.name() + "': " + e,
                                        e)),
                        CALLS_IN_FLIGHT)
                .then();
    }
}

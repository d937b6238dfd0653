package com.staffchat.attachment.storage;

import com.staffchat.attachment.AttachmentProperties;
import com.staffchat.attachment.DependencyUnavailable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The objects of attachments in the bucket: stored with one put or as a multipart upload, removed, and
 * handed out as presigned URLs. Every call is bounded by {@code staffchat.attachments.storage-timeout}, and
 * every failure of the store (unreachable, refusing, too slow) is a {@link DependencyUnavailable}: a 503
 * for the client, never a 500. Objects are stored with {@code Content-Disposition: attachment}, so even a
 * URL without our response overrides never renders a file inline.
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final S3AsyncClient s3;
    private final S3Presigner presigner;
    private final AttachmentBucket bucket;
    private final Duration timeout;

    ObjectStore(S3AsyncClient s3, S3Presigner presigner, AttachmentBucket bucket, AttachmentProperties properties) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.timeout = properties.storageTimeout();
    }

    /** A presigned GET and the moment it stops working. */
    public record PresignedUrl(String url, Instant expiresAt) {}

    /** Stores {@code length} bytes of {@code bytes} under {@code key} with one put; the array is not copied. */
    public Mono<Void> put(String key, String contentType, byte[] bytes, int length) {
        return call(
                        "store " + key,
                        () -> s3.putObject(
                                b -> b.bucket(bucket.name())
                                        .key(key)
                                        .contentType(contentType)
                                        .contentDisposition("attachment")
                                        .contentLength((long) length),
                                AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(bytes, 0, length))))
                .then();
    }

    /** Starts a multipart upload; emits its upload id. */
    public Mono<String> startMultipart(String key, String contentType) {
        return call(
                        "start a multipart upload of " + key,
                        () -> s3.createMultipartUpload(b -> b.bucket(bucket.name())
                                .key(key)
                                .contentType(contentType)
                                .contentDisposition("attachment")))
                .map(r -> r.uploadId());
    }

    /** Uploads part {@code number} (from 1); emits what completing the upload needs of it. */
    public Mono<CompletedPart> uploadPart(String key, String uploadId, int number, byte[] bytes, int length) {
        return call(
                        "upload part " + number + " of " + key,
                        () -> s3.uploadPart(
                                b -> b.bucket(bucket.name())
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(number)
                                        .contentLength((long) length),
                                AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(bytes, 0, length))))
                .map(r -> CompletedPart.builder()
                        .partNumber(number)
                        .eTag(r.eTag())
                        .build());
    }

    public Mono<Void> completeMultipart(String key, String uploadId, List<CompletedPart> parts) {
        return call(
                        "complete the multipart upload of " + key,
                        () -> s3.completeMultipartUpload(b -> b.bucket(bucket.name())
                                .key(key)
                                .uploadId(uploadId)
                                .multipartUpload(m -> m.parts(parts))))
                .then();
    }

    /** Drops a multipart upload and the parts stored so far. */
    public Mono<Void> abortMultipart(String key, String uploadId) {
        return call(
                        "abort the multipart upload of " + key,
                        () -> s3.abortMultipartUpload(
                                b -> b.bucket(bucket.name()).key(key).uploadId(uploadId)))
                .then();
    }

    /** Deletes the objects (a missing one is no error), one call each so any S3-compatible store takes it. */
    public Mono<Void> delete(List<String> keys) {
        return Flux.fromIterable(keys)
                .concatMap(key -> call(
                        "delete " + key,
                        () -> s3.deleteObject(b -> b.bucket(bucket.name()).key(key))))
                .then();
    }

    /**
     * A presigned GET of {@code key} that answers with the given {@code Content-Disposition} and
     * {@code Content-Type}, whatever the object was stored with.
     */
    public PresignedUrl presignGet(String key, Duration ttl, String contentDisposition, String contentType) {
        var presigned =
                presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(o -> o.bucket(bucket.name())
                        .key(key)
                        .responseContentDisposition(contentDisposition)
                        .responseContentType(contentType)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }

    private <T> Mono<T> call(String what, Supplier<CompletableFuture<T>> request) {
        return Mono.fromFuture(request).timeout(timeout).onErrorMap(e -> !(e instanceof DependencyUnavailable), e -> {
            log.warn("S3 could not {} in bucket '{}': {}", what, bucket.name(), e.toString());
            return new DependencyUnavailable(
                    "File storage cannot answer right now; nothing was changed, retry later", e);
        });
    }
}

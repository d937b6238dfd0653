package com.staffchat.attachment.thumbnail;

import com.staffchat.attachment.storage.AttachmentBucket;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The S3 side of thumbnails: reads an attachment's object as a stream and writes and removes its
 * thumbnails, in the attachments bucket with the service's client. Every call is bounded in time, because
 * the SDK's client can take long to report a refused connection ({@code S3ClientConfiguration}).
 */
@Component
class ThumbnailObjects {

    /** Bounds each call; reading the body of a large object is bounded by the render timeout instead. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final S3AsyncClient s3;
    private final AttachmentBucket bucket;

    ThumbnailObjects(S3AsyncClient s3, AttachmentBucket bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * The object's bytes as a blocking stream, once S3 has answered; the body arrives while it is read, so
     * read it on a thread that may block. Empty when there is no such object (deleted meanwhile).
     */
    Mono<InputStream> open(String key) {
        return Mono.fromFuture(() -> s3.getObject(
                        b -> b.bucket(bucket.name()).key(key), AsyncResponseTransformer.toBlockingInputStream()))
                .timeout(CALL_TIMEOUT)
                .<InputStream>map(stream -> stream)
                .onErrorResume(ThumbnailObjects::isMissing, e -> Mono.empty());
    }

    /** Stores one thumbnail. */
    Mono<Void> put(String key, RenderedThumbnails.Image image) {
        return Mono.fromFuture(() -> s3.putObject(
                        b -> b.bucket(bucket.name())
                                .key(key)
                                .contentType(image.contentType())
                                .contentLength((long) image.bytes().length),
                        AsyncRequestBody.fromBytes(image.bytes())))
                .timeout(CALL_TIMEOUT)
                .then();
    }

    /** Removes thumbnails (a missing one is no error: S3 deletes are idempotent). */
    Mono<Void> delete(List<String> keys) {
        return Flux.fromIterable(keys)
                .concatMap(key -> Mono.fromFuture(() ->
                                s3.deleteObject(b -> b.bucket(bucket.name()).key(key)))
                        .timeout(CALL_TIMEOUT))
                .then();
    }

    private static boolean isMissing(Throwable e) {
        Throwable cause =
                e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof NoSuchKeyException
                || cause instanceof software.amazon.awssdk.services.s3.model.S3Exception s && s.statusCode() == 404;
    }
}

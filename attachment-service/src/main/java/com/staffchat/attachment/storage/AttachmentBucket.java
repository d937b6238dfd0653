package com.staffchat.attachment.storage;

import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one bucket that holds every hotel's attachments and thumbnails. Failures name the endpoint and
 * bucket, because the person reading them is an operator with a wrong URL or key.
 */
@Component
public class AttachmentBucket {

    private final S3AsyncClient s3;
    private final S3Properties properties;

    AttachmentBucket(S3AsyncClient s3, S3Properties properties) {
        this.s3 = s3;
        this.properties = properties;
    }

    public String name() {
        return properties.bucket();
    }

    /** Whether the bucket exists; errors (unreachable, refused) as {@link IllegalStateException}. */
    public Mono<Boolean> exists(Duration timeout) {
        return Mono.fromFuture(() ->
                        s3.headBucket(b -> b.bucket(name()).overrideConfiguration(c -> c.apiCallTimeout(timeout))))
                .thenReturn(true)
                .onErrorResume(AttachmentBucket::isMissing, e -> Mono.just(false))
                .onErrorMap(e -> !(e instanceof IllegalStateException), e -> failure("check", e));
    }

    /** Creates the bucket unless it exists; emits whether this call created it. */
    public Mono<Boolean> ensureExists(Duration timeout) {
        return exists(timeout).flatMap(present -> present ? Mono.just(false) : create(timeout));
    }

    private Mono<Boolean> create(Duration timeout) {
        return Mono.fromFuture(() ->
                        s3.createBucket(b -> b.bucket(name()).overrideConfiguration(c -> c.apiCallTimeout(timeout))))
                .thenReturn(true)
                // another instance starting at the same time won the race: that is fine
                .onErrorResume(BucketAlreadyOwnedByYouException.class, e -> Mono.just(false))
                .onErrorMap(e -> !(e instanceof IllegalStateException), e -> failure("create", e));
    }

    private static boolean isMissing(Throwable e) {
        // HEAD answers carry no body, so some stores give a bare 404 rather than NoSuchBucket
        return e instanceof NoSuchBucketException || e instanceof S3Exception s && s.statusCode() == 404;
    }

    private IllegalStateException failure(String action, Throwable e) {
        String why;
        if (e instanceof S3Exception s) {
            AwsErrorDetails details = s.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "" : " " + details.errorCode();
            why = "it answered " + s.statusCode() + code
                    + (s.statusCode() == 403
                            ? " for access key '" + properties.accessKey()
                                    + "'; check staffchat.s3.access-key and staffchat.s3.secret-key"
                            : "");
        } else {
            why = "it is not reachable (" + firstLine(e.getMessage()) + "); check staffchat.s3.endpoint"
                    + " (STAFFCHAT_S3_ENDPOINT) and that the store is running";
        }
        return new IllegalStateException(
                "Could not " + action + " bucket '" + name() + "' at S3 endpoint " + properties.endpoint() + ": " + why,
                e);
    }

    /** The SDK appends paragraphs of tuning advice to some messages; an operator needs the first line. */
    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse(message);
    }
}

package com.staffchat.attachment.storage;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where attachment files are stored: any S3-compatible endpoint (S3Proxy locally, MinIO, AWS S3).
 *
 * @param endpoint the S3 endpoint URL, e.g. {@code http://127.0.0.1:9000} (env {@code STAFFCHAT_S3_ENDPOINT})
 * @param region the region requests are signed for (env {@code STAFFCHAT_S3_REGION})
 * @param accessKey the access key id (env {@code STAFFCHAT_S3_ACCESS_KEY})
 * @param secretKey the secret access key (env {@code STAFFCHAT_S3_SECRET_KEY})
 * @param bucket the bucket holding attachments and thumbnails, created at start if missing (env {@code STAFFCHAT_S3_BUCKET})
 * @param pathStyle address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}; S3Proxy and
 *     MinIO need {@code true} (env {@code STAFFCHAT_S3_PATH_STYLE})
 */
@Validated
@ConfigurationProperties("staffchat.s3")
public record S3Properties(
        @NotNull URI endpoint,
        @NotBlank String region,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @NotBlank String bucket,
        @DefaultValue("true") boolean pathStyle) {

    @Override
    public String toString() {
        // never log the secret key
        return "S3Properties[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey + ", bucket="
                + bucket + ", pathStyle=" + pathStyle + "]";
    }
}

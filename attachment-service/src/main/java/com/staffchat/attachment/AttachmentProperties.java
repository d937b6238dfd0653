package com.staffchat.attachment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of uploads and downloads ({@code staffchat.attachments.*}).
 *
 * @param maxFiles most files one upload request may carry
 * @param maxFileSize the largest file accepted; one byte more is a 413, refused as soon as that byte arrives
 * @param partSize bytes held in memory per file while streaming to S3: a file up to this size is stored with one
 *     put, a larger one as an S3 multipart upload of parts this size (S3 requires at least 5 MB)
 * @param downloadUrlTtl how long a presigned download URL works
 * @param storageTimeout how long one S3 call (a put, a part, a delete) may take before the request fails with 503
 */
@Validated
@ConfigurationProperties("staffchat.attachments")
public record AttachmentProperties(
        @DefaultValue("10") @Min(1) @Max(100) int maxFiles,
        @DefaultValue("50MB") @NotNull DataSize maxFileSize,
        @DefaultValue("5MB") @NotNull DataSize partSize,
        @DefaultValue("5m") @NotNull Duration downloadUrlTtl,
        @DefaultValue("30s") @NotNull Duration storageTimeout) {

    /** S3's smallest part of a multipart upload (all but the last). */
    static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    public AttachmentProperties {
        if (partSize.toBytes() < MIN_PART_BYTES || partSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("staffchat.attachments.part-size must be between 5MB and 2GB");
        }
        if (maxFileSize.toBytes() < 1) {
            throw new IllegalArgumentException("staffchat.attachments.max-file-size must be positive");
        }
        if (downloadUrlTtl.isNegative()
                || downloadUrlTtl.isZero()
                || downloadUrlTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "staffchat.attachments.download-url-ttl must be positive and at most 7 days (S3's limit)");
        }
    }
}

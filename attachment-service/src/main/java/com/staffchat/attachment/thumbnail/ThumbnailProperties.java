package com.staffchat.attachment.thumbnail;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How thumbnails are made and how a thumbnail that was never made is caught up.
 *
 * @param smallEdge the small thumbnail's long edge in pixels (a message list); smaller sources are never upscaled
 * @param largeEdge the large thumbnail's long edge in pixels (a full-screen preview); never upscaled
 * @param maxPixels the most pixels (width × height, read from the header) an image may declare; above it the
 *     image is refused as a decompression bomb before any decoding
 * @param maxPdfPageInches the longest side a PDF's first page may have, in inches (72 points each)
 * @param maxPdfDpi the highest resolution a PDF page is rendered at, so a tiny page is not blown up
 * @param jpegQuality JPEG quality of thumbnails, 0 to 1
 * @param concurrency how many thumbnails are made at once (each on its own thread, never an event loop)
 * @param queueCapacity how many more wait for a thread; beyond it an attachment waits for the sweep
 * @param renderTimeout how long making one attachment's thumbnails may take before the attempt is given up
 * @param sweep the catch-up of attachments whose thumbnail is still pending
 */
@Validated
@ConfigurationProperties("staffchat.thumbnails")
public record ThumbnailProperties(
        @DefaultValue("320") @Min(16) int smallEdge,
        @DefaultValue("1280") @Min(16) int largeEdge,
        @DefaultValue("50000000") @Min(1) long maxPixels,
        @DefaultValue("200") @Min(1) int maxPdfPageInches,
        @DefaultValue("150") @Min(10) int maxPdfDpi,

        @DefaultValue("0.85") @DecimalMin("0.1") @DecimalMax("1.0")
        float jpegQuality,

        @DefaultValue("2") @Min(1) int concurrency,
        @DefaultValue("1000") @Min(1) int queueCapacity,
        @DefaultValue("60s") Duration renderTimeout,
        @DefaultValue @Valid Sweep sweep) {

    /**
     * @param enabled whether this instance runs the sweep
     * @param interval how often it looks for pending thumbnails
     * @param pendingAfter how long a thumbnail may stay pending (from upload, or from the start of the last attempt)
     *     before the sweep takes it up: a crash between upload and thumbnail, or an attempt that failed for want of
     *     S3, is caught up after this
     * @param batchSize the most attachments one sweep takes up
     * @param maxAttempts attempts after which a thumbnail that keeps failing for want of S3 (or time) is marked
     *     failed
     */
    public record Sweep(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration interval,
            @DefaultValue("60s") Duration pendingAfter,
            @DefaultValue("20") @Min(1) int batchSize,
            @DefaultValue("5") @Min(1) int maxAttempts) {}
}

package com.staffchat.attachment.linking;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The clean-up of uploads never sent ({@code staffchat.attachments.*}, beside the upload limits).
 *
 * @param unsentRetention how long an upload may wait for a message before its files and row are removed
 * @param cleanupInterval how often the clean-up looks for such uploads (the first run comes one interval after start)
 * @param cleanupBatchSize uploads removed per transaction; the clean-up repeats until none is left
 */
@Validated
@ConfigurationProperties("staffchat.attachments")
public record LinkingProperties(
        @DefaultValue("24h") @NotNull Duration unsentRetention,
        @DefaultValue("15m") @NotNull Duration cleanupInterval,
        @DefaultValue("100") @Min(1) @Max(1000) int cleanupBatchSize) {}

package com.staffchat.message.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Catch-up sync ({@code GET /api/v1/sync}).
 *
 * @param defaultLimit messages a page carries at most when the request gives no {@code limit}
 * @param maxLimit the largest {@code limit}; a larger one is clamped to it
 * @param maxCursorAge a cursor issued longer ago than this answers 410 {@code sync-cursor-expired}: the client loads
 *     its state afresh instead of replaying everything since (Matrix's lesson about very old sync tokens)
 */
@ConfigurationProperties("staffchat.sync")
public record SyncProperties(
        @DefaultValue("500") int defaultLimit,
        @DefaultValue("1000") int maxLimit,
        @DefaultValue("30d") Duration maxCursorAge) {}

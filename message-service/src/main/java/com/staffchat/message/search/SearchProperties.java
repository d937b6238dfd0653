package com.staffchat.message.search;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Search ({@code GET /api/v1/search}).
 *
 * @param relevanceWindow {@code sort=relevance} ranks the newest this many matches (a common word matches a good
 *     part of a hotel's history; ranking all of them took 0.5 s at a million messages, the newest 500 about 20 ms)
 * @param statementTimeout the longest one search may run in PostgreSQL; past it the caller gets 503 with
 *     {@code Retry-After} instead of a connection held for as long as the query wants
 */
@ConfigurationProperties("staffchat.search")
public record SearchProperties(
        @DefaultValue("500") int relevanceWindow,
        @DefaultValue("3s") Duration statementTimeout) {}

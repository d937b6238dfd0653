package com.staffchat.message;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on messages.
 *
 * @param maxBodyLength the longest message text accepted, in characters
 * @param defaultPageSize messages returned by a list without {@code limit}
 * @param maxPageSize the largest {@code limit}; a larger one is clamped to it
 * @param maxAttachments the most attachment ids one send may carry; more is a 400
 */
@ConfigurationProperties("staffchat.messages")
public record MessageProperties(
        @DefaultValue("8000") int maxBodyLength,
        @DefaultValue("50") int defaultPageSize,
        @DefaultValue("200") int maxPageSize,
        @DefaultValue("10") int maxAttachments) {}

package com.staffchat.message.attachment;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where message-service asks about attachments (the same key family as notification-service's
 * {@code staffchat.services.message-url}).
 *
 * @param attachmentUrl base URL of attachment-service, asked {@code GET /api/v1/attachments/{id}} for each attachment
 *     id of a send
 * @param attachmentTimeout how long one such read may take before the send is refused with 503 and Retry-After
 */
@ConfigurationProperties("staffchat.services")
public record AttachmentServiceProperties(
        @DefaultValue("http://127.0.0.1:8082") URI attachmentUrl,
        @DefaultValue("3s") Duration attachmentTimeout) {}

package com.staffchat.attachment.participation;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The services attachment-service asks ({@code staffchat.services.*}).
 *
 * @param messageUrl base URL of message-service, asked whether the caller takes part in a conversation
 * @param messageTimeout how long that answer may take before the request is a 503
 */
@Validated
@ConfigurationProperties("staffchat.services")
public record ServicesProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI messageUrl,
        @DefaultValue("5s") @NotNull Duration messageTimeout) {}

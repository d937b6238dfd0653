package com.staffchat.notification.push;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The push listener ({@code staffchat.push-listener.*}).
 *
 * @param concurrency consumer threads of the push listener per instance (group {@code notification-push})
 * @param conversationsInFlight conversations of one batch whose events are decided and sent at once (each
 *     conversation's events stay in order, one at a time)
 */
@Validated
@ConfigurationProperties("staffchat.push-listener")
public record PushListenerProperties(
        @DefaultValue("3") @Min(1) @Max(64) int concurrency,
        @DefaultValue("4") @Min(1) @Max(256) int conversationsInFlight) {}

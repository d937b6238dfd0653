package com.staffchat.notification.device;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Push device settings.
 *
 * @param maxPerPerson most devices one person keeps registered; registering one more drops the one seen least
 *     recently, so one caller cannot fill the table
 */
@Validated
@ConfigurationProperties("staffchat.devices")
public record DeviceProperties(
        @DefaultValue("20") @Min(1) @Max(1000) int maxPerPerson) {}

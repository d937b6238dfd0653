package com.staffchat.gateway;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway routes and how fast a caller may go.
 *
 * @param services base URLs of the services behind the gateway
 * @param rateLimit per-caller token bucket, kept in Redis so every gateway instance shares it
 */
@Validated
@ConfigurationProperties("staffchat")
public record GatewayProperties(
        @NotNull Services services, @DefaultValue RateLimit rateLimit) {

    /**
     * @param messageUrl message-service: conversations, messages, staff, search
     * @param attachmentUrl attachment-service: uploads and downloads
     * @param notificationUrl notification-service: realtime auth, devices, preferences
     */
    public record Services(
            @NotNull URI messageUrl,
            @NotNull URI attachmentUrl,
            @NotNull URI notificationUrl) {

        /** The base URL of a service by its {@link RouteMap#SERVICES} name. */
        public URI url(String service) {
            return switch (service) {
                case "message" -> messageUrl;
                case "attachment" -> attachmentUrl;
                case "notification" -> notificationUrl;
                default -> throw new IllegalArgumentException("no service called " + service);
            };
        }
    }

    /**
     * @param replenishRate requests per second a caller may make on average
     * @param burstCapacity requests a caller may make at once
     */
    public record RateLimit(
            @DefaultValue("50") @Positive int replenishRate,
            @DefaultValue("100") @Positive int burstCapacity) {}
}

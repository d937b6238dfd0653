package com.staffchat.gateway;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway routes and how fast a caller may go.
 *
 * @param services base URLs of the services behind the gateway
 * @param rateLimit per-caller token bucket, in each instance's memory, its total shared out among the instances
 * @param overload how much the gateway takes on at once before it refuses
 * @param uploads how file uploads pass through
 */
@Validated
@ConfigurationProperties("staffchat")
public record GatewayProperties(
        @NotNull Services services,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Overload overload,
        @DefaultValue Uploads uploads) {

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
     * @param replenishRate requests per second a caller may make on average, across all instances
     * @param burstCapacity requests a caller may make at once, across all instances
     * @param instances how many gateway instances share the traffic; each enforces 1/instances of
     *     the rate and of the burst (at least one request)
     */
    public record RateLimit(
            @DefaultValue("50") @Positive int replenishRate,
            @DefaultValue("100") @Positive int burstCapacity,
            @DefaultValue("1") @Positive int instances) {

        /** This instance's share of the rate, per second. */
        public double instanceReplenishRate() {
            return (double) replenishRate / instances;
        }

        /** This instance's share of the burst. */
        public long instanceBurstCapacity() {
            return Math.max(1, burstCapacity / instances);
        }
    }

    /**
     * @param maxInFlight requests the gateway works on at once; one more is refused at once with a 503
     *     problem and {@code Retry-After}, rather than queued behind the others
     * @param retryAfter what that 503 tells the client to wait
     */
    public record Overload(
            @DefaultValue("256") @Positive int maxInFlight,
            @DefaultValue("1s") Duration retryAfter) {}

    /**
     * @param responseTimeout how long an upload may take, from its first byte to the service's answer
     *     (the proxy's {@code response-timeout} of 10 s counts from the start of the request, so it
     *     would cut off ten 50 MB files on any link slower than 400 Mbit/s); bodies are streamed, never
     *     buffered, so the time costs no memory
     */
    public record Uploads(@DefaultValue("10m") Duration responseTimeout) {}
}

package com.staffchat.support.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How callers are authenticated.
 *
 * @param jwtSecret the shared HS256 secret tokens are signed with (at least 32 bytes)
 * @param publicPaths paths served without a token, besides health and metrics
 * @param issuer when set, a token's {@code iss} must equal it
 * @param audience when set, a token's {@code aud} must contain it
 * @param deactivation how each service keeps its local mirror of the deactivated-staff sets current
 */
@Validated
@ConfigurationProperties("staffchat.security")
public record SecurityProperties(
        @NotBlank @Size(min = 32, message = "must be at least 32 bytes for HS256")
        String jwtSecret,

        @DefaultValue({}) List<String> publicPaths,
        String issuer,
        String audience,
        @DefaultValue Deactivation deactivation) {

    /**
     * @param checkInterval how often the mirror confirms Redis's change version equals the one it
     *     has applied (and reloads when it does not): the longest a lost change could go unseen
     * @param maxStaleness how long after its last confirmation the mirror is still trusted; past it
     *     (Redis unreachable) authenticated requests answer 503
     */
    public record Deactivation(
            @DefaultValue("500ms") Duration checkInterval,
            @DefaultValue("2s") Duration maxStaleness) {}
}

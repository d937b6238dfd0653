package com.staffchat.support.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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
 */
@Validated
@ConfigurationProperties("staffchat.security")
public record SecurityProperties(
        @NotBlank @Size(min = 32, message = "must be at least 32 bytes for HS256")
        String jwtSecret,

        @DefaultValue({}) List<String> publicPaths,
        String issuer,
        String audience) {}

package com.staffchat.support.security;

import com.staffchat.support.problem.ProblemResponses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every HTTP service authenticates the caller itself from the bearer token the gateway passes on,
 * so a service reached around the gateway is no softer than the gateway. Health, metrics and API
 * docs are public; everything else needs a valid token of a person who is not deactivated
 * ({@link DeactivatedStaff}). Failures answer RFC 9457 problems.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class StaffSecurityAutoConfiguration {

    /** Accepted tokens kept by {@link CachingJwtDecoder}: about 2 KB each, so a few MB at most. */
    static final long CACHED_TOKENS = 10_000;

    /** The longest an accepted token is kept before it is verified again, whatever its {@code exp}. */
    static final Duration CACHED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder staffJwtDecoder(SecurityProperties properties) {
        return new CachingJwtDecoder(verifyingDecoder(properties), CACHED_TOKENS, CACHED_TOKEN_MAX_AGE);
    }

    /** What checks a token: HS256 with the shared secret, then {@link #tokenValidator}. */
    static ReactiveJwtDecoder verifyingDecoder(SecurityProperties properties) {
        var key = new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        var decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(tokenValidator(properties));
        return decoder;
    }

    /**
     * {@code exp} is required (a token without it would be valid forever) and checked with a minute
     * of clock skew, as is {@code nbf}; {@code iss} and {@code aud} are checked when configured.
     */
    static OAuth2TokenValidator<Jwt> tokenValidator(SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
        validators.add(new JwtTimestampValidator());
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (properties.audience() != null && !properties.audience().isBlank()) {
            String audience = properties.audience();
            validators.add(new JwtClaimValidator<Object>(
                    JwtClaimNames.AUD,
                    aud -> aud instanceof Collection<?> list ? list.contains(audience) : audience.equals(aud)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    @Bean
    @ConditionalOnMissingBean
    DeactivatedStaff deactivatedStaff(ReactiveRedisConnectionFactory redis, SecurityProperties properties) {
        return new DeactivatedStaff(redis, properties.deactivation());
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain staffSecurityFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            SecurityProperties properties,
            DeactivatedStaff deactivated) {
        List<String> open = new ArrayList<>(List.of(
                "/actuator/health",
                "/actuator/health/**",
                "/actuator/info",
                "/actuator/prometheus",
                "/v3/api-docs/**"));
        open.addAll(properties.publicPaths());
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(ex -> ex.pathMatchers(open.toArray(String[]::new))
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(
                                jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(new StaffTokenConverter()))
                        .authenticationEntryPoint((exchange, e) -> ProblemResponses.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "Authentication required",
                                // never the decoder's reason: it tells a forger which check failed
                                "A valid bearer token is required"))
                        .accessDeniedHandler((exchange, e) -> ProblemResponses.write(
                                exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage())))
                .addFilterAfter(new DeactivatedStaffFilter(deactivated), SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(eh -> eh.authenticationEntryPoint((exchange, e) -> ProblemResponses.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "Authentication required",
                                "A valid bearer token is required"))
                        .accessDeniedHandler((exchange, e) -> ProblemResponses.write(
                                exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage())))
                .build();
    }
}

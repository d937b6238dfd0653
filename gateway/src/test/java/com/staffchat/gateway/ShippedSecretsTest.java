package com.staffchat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.support.config.InsecureConfigurationException;
import com.staffchat.support.config.StartupSecretsCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The gateway as shipped refuses to start with a secret that ships for the local run, or with a JWT secret under 256 bits, unless
 * the local profile is active; then it starts with the local run's secrets.
 */
class ShippedSecretsTest {

    @Test
    void refusesTheLocalRunsSecretsOutsideTheLocalProfile() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                        .run(
                                "--spring.profiles.active=production",
                                "--server.port=0",
                                "--management.server.port=0",
                                "--staffchat.security.jwt-secret=local-development-secret-please-change-0123456789"))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageStartingWith("Refusing to start: ")
                .hasMessageContaining("staffchat.security.jwt-secret is the local run's default")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesAJwtSecretUnder256Bits() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                        .run(
                                "--spring.profiles.active=production",
                                "--server.port=0",
                                "--management.server.port=0",
                                "--staffchat.security.jwt-secret=only-31-bytes-long-0123456789ab"))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("staffchat.security.jwt-secret is 31 bytes, HS256 needs at least 32 (256 bits)");
    }

    @Test
    void shippedConfigurationHasNoSecretOutsideTheLocalProfile() {
        assertThatThrownBy(() -> StartupSecretsCheck.check(configuration("production")))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("staffchat.security.jwt-secret is not set");
    }

    @Test
    void localProfileCarriesTheLocalRunsSecretsAndIsAccepted() {
        StandardEnvironment local = configuration("local");

        assertThatCode(() -> StartupSecretsCheck.check(local)).doesNotThrowAnyException();
        assertThat(local.getProperty("staffchat.security.jwt-secret"))
                .isEqualTo("local-development-secret-please-change-0123456789");
    }

    /** The service's configuration files as Spring Boot reads them, with only the given profile active. */
    private static StandardEnvironment configuration(String profile) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("profile", Map.of("spring.profiles.active", profile)));
        ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(), null, List.of());
        return environment;
    }
}

package com.staffchat.realtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.realtime.RealtimeApplication;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * realtime-service as shipped refuses to start with a secret that ships for the local run, unless
 * the local profile is active; then it starts with the local run's secrets.
 */
class ShippedSecretsTest {

    @Test
    void refusesTheLocalRunsSecretsOutsideTheLocalProfile() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(RealtimeApplication.class)
                        .run(
                                "--spring.profiles.active=production",
                                "--server.port=0",
                                "--management.server.port=0",
                                "--staffchat.realtime.apps[0].id=staffchat",
                                "--staffchat.realtime.apps[0].key=staffchat-key",
                                "--staffchat.realtime.apps[0].secret=staffchat-secret"))
                .isInstanceOf(DefaultAppSecretCheck.InsecureAppSecretException.class)
                .hasMessageStartingWith("Refusing to start: ")
                .hasMessageContaining("staffchat.realtime.apps[0].secret (app 'staffchat') is the local run's default")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shippedConfigurationHasNoAppOutsideTheLocalProfile() {
        StandardEnvironment shipped = configuration("production");

        assertThat(shipped.getProperty("staffchat.realtime.apps[0].secret")).isNull();
        assertThatCode(() -> DefaultAppSecretCheck.check(shipped)).doesNotThrowAnyException();
    }

    @Test
    void localProfileCarriesTheLocalRunsSecretsAndIsAccepted() {
        StandardEnvironment local = configuration("local");

        assertThatCode(() -> DefaultAppSecretCheck.check(local)).doesNotThrowAnyException();
        assertThat(local.getProperty("staffchat.realtime.apps[0].secret")).isEqualTo("staffchat-secret");
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

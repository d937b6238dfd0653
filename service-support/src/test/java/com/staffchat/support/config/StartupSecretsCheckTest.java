package com.staffchat.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A service started with a shipped secret, or a weak JWT secret, outside the local run refuses, in one line. */
@ExtendWith(OutputCaptureExtension.class)
class StartupSecretsCheckTest {

    static final String OWN_SECRET = "an-operator-chosen-secret-of-48-bytes-0123456789";

    @Configuration(proxyBeanMethods = false)
    static class Service {}

    @Test
    void refusesTheLocalJwtSecretWithoutTheLocalProfile() {
        assertThatThrownBy(() -> start("--staffchat.security.jwt-secret=" + KnownDefaultSecrets.JWT_SECRET))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageStartingWith("Refusing to start: staffchat.security.jwt-secret is the local run's default.");
    }

    @Test
    void refusesAJwtSecretUnder256Bits() {
        assertThatThrownBy(() -> start("--staffchat.security.jwt-secret=" + "x".repeat(31)))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("staffchat.security.jwt-secret is 31 bytes, HS256 needs at least 32 (256 bits)");
    }

    @Test
    void refusesAMissingJwtSecret() {
        assertThatThrownBy(this::start)
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("staffchat.security.jwt-secret is not set");
    }

    @Test
    void refusesTheLocalS3KeysAndPusherSecretNamingEachKey() {
        assertThatThrownBy(() -> start(
                        "--staffchat.security.jwt-secret=" + OWN_SECRET,
                        "--staffchat.s3.access-key=staffchat",
                        "--staffchat.s3.secret-key=staffchat-secret",
                        "--staffchat.pusher.url=http://staffchat-key:staffchat-secret@realtime:6001/apps/staffchat"))
                .isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("staffchat.s3.access-key is the local run's default")
                .hasMessageContaining("staffchat.s3.secret-key is the local run's default")
                .hasMessageContaining("staffchat.pusher.url carries the local run's default app secret");
    }

    @Test
    void refusalIsOneLogLineWithoutAStackTrace(CapturedOutput output) {
        assertThatThrownBy(() -> start("--staffchat.security.jwt-secret=short"))
                .isInstanceOf(InsecureConfigurationException.class);

        List<String> errorLines = Arrays.stream(output.getAll().split("\\R"))
                .filter(line -> line.contains("ERROR"))
                .toList();
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.get(0))
                .contains("Refusing to start: staffchat.security.jwt-secret is 5 bytes")
                .contains("SPRING_PROFILES_ACTIVE=local");
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("APPLICATION FAILED TO START");
    }

    @Test
    void acceptsTheShippedDefaultsUnderTheLocalProfile() {
        try (ConfigurableApplicationContext context = start(
                "--spring.profiles.active=local",
                "--staffchat.security.jwt-secret=" + KnownDefaultSecrets.JWT_SECRET,
                "--staffchat.s3.access-key=staffchat",
                "--staffchat.s3.secret-key=staffchat-secret",
                "--staffchat.pusher.url=http://staffchat-key:staffchat-secret@127.0.0.1:6001/apps/staffchat")) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void acceptsSecretsOfTheOperatorsOwn() {
        try (ConfigurableApplicationContext context = start(
                "--staffchat.security.jwt-secret=" + OWN_SECRET,
                "--staffchat.s3.access-key=AKIAEXAMPLE",
                "--staffchat.s3.secret-key=a-real-secret-key",
                "--staffchat.pusher.url=http://staffchat-key:another-secret@realtime:6001/apps/staffchat")) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(Service.class)
                .web(WebApplicationType.NONE)
                .run(args);
    }
}

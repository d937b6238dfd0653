package com.staffchat.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.attachment.storage.S3Properties;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * What ops (and {@code ./chat}) set in the environment reaches the service, in the names they write
 * ({@code STAFFCHAT_S3_ACCESS_KEY}), and the local profile's defaults hold without it; outside the
 * local profile no secret has a default.
 */
class ConfigurationFromEnvironmentTest {

    @Test
    void noSecretDefaultsOutsideTheLocalProfile() throws IOException {
        StandardEnvironment shipped = environment(Map.of(), "application.yml");

        assertThat(shipped.getProperty("staffchat.s3.access-key")).isEmpty();
        assertThat(shipped.getProperty("staffchat.s3.secret-key")).isEmpty();
        assertThat(shipped.getProperty("staffchat.security.jwt-secret")).isEmpty();
    }

    @Test
    void localDefaultsWithoutEnvironment() throws IOException {
        S3Properties s3 = bind(Map.of());

        assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s3.region()).isEqualTo("us-east-1");
        assertThat(s3.accessKey()).isEqualTo("staffchat");
        assertThat(s3.secretKey()).isEqualTo("staffchat-secret");
        assertThat(s3.bucket()).isEqualTo("staffchat-attachments");
        assertThat(s3.pathStyle()).isTrue();
    }

    @Test
    void environmentVariablesOverrideEveryKey() throws IOException {
        S3Properties s3 = bind(Map.of(
                "STAFFCHAT_S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com",
                "STAFFCHAT_S3_REGION", "eu-west-1",
                "STAFFCHAT_S3_ACCESS_KEY", "AKIAEXAMPLE",
                "STAFFCHAT_S3_SECRET_KEY", "prod-secret",
                "STAFFCHAT_S3_BUCKET", "grand-hotel-files",
                "STAFFCHAT_S3_PATH_STYLE", "false"));

        assertThat(s3.endpoint()).isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.accessKey()).isEqualTo("AKIAEXAMPLE");
        assertThat(s3.secretKey()).isEqualTo("prod-secret");
        assertThat(s3.bucket()).isEqualTo("grand-hotel-files");
        assertThat(s3.pathStyle()).isFalse();
    }

    @Test
    void springCanonicalEnvironmentNamesBindToo() throws IOException {
        S3Properties s3 = bind(Map.of("STAFFCHAT_S3_ACCESSKEY", "AKIACANONICAL", "STAFFCHAT_S3_PATHSTYLE", "false"));

        assertThat(s3.accessKey()).isEqualTo("AKIACANONICAL");
        assertThat(s3.pathStyle()).isFalse();
    }

    @Test
    void secretKeyStaysOutOfToString() throws IOException {
        assertThat(bind(Map.of()).toString()).doesNotContain("staffchat-secret");
    }

    @Test
    void jwtSecretFromTheEnvironment() throws IOException {
        assertThat(environment(Map.of()).getProperty("staffchat.security.jwt-secret"))
                .isEqualTo("local-development-secret-please-change-0123456789");
        assertThat(environment(Map.of("STAFFCHAT_SECURITY_JWT_SECRET", "production-secret-0123456789abcdef0123"))
                        .getProperty("staffchat.security.jwt-secret"))
                .isEqualTo("production-secret-0123456789abcdef0123");
    }

    /** Binds the way the application does: environment variables over the service's application.yml. */
    private static S3Properties bind(Map<String, Object> environmentVariables) throws IOException {
        return Binder.get(environment(environmentVariables))
                .bind("staffchat.s3", S3Properties.class)
                .get();
    }

    /** The service's application.yml with the local profile, under the given environment variables (and no others). */
    private static StandardEnvironment environment(Map<String, Object> environmentVariables) throws IOException {
        return environment(environmentVariables, "application-local.yml", "application.yml");
    }

    /** The given configuration files, the first winning, under the given environment variables (and no others). */
    private static StandardEnvironment environment(Map<String, Object> environmentVariables, String... files)
            throws IOException {
        var environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        for (String file : files) {
            new YamlPropertySourceLoader()
                    .load(file, new ClassPathResource(file))
                    .forEach(sources::addLast);
        }
        return environment;
    }
}

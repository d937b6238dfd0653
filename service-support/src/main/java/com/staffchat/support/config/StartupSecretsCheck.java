package com.staffchat.support.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start a service whose secrets are the ones shipped for the local run, or whose JWT
 * secret is too short for HS256, unless the {@code local} or {@code test} profile is active. It runs
 * once the configuration is read and before any bean exists, so nothing has connected anywhere yet;
 * {@link InsecureConfigurationReporter} logs the reason as one line.
 *
 * <p>Checked keys: {@code staffchat.security.jwt-secret} (required), and where a service sets them
 * {@code staffchat.s3.access-key}, {@code staffchat.s3.secret-key} and the password part of
 * {@code staffchat.pusher.url}.
 */
public class StartupSecretsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** Profiles in which the shipped defaults are accepted. */
    public static final Profiles DEFAULTS_ALLOWED = Profiles.of("local | test");

    static final String JWT_SECRET = "staffchat.security.jwt-secret";
    static final String S3_ACCESS_KEY = "staffchat.s3.access-key";
    static final String S3_SECRET_KEY = "staffchat.s3.secret-key";
    static final String PUSHER_URL = "staffchat.pusher.url";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    /** After logging is set up (so the refusal is logged with the service's format). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * @throws InsecureConfigurationException naming every offending key, when no profile allows defaults
     */
    public static void check(ConfigurableEnvironment environment) {
        if (environment.acceptsProfiles(DEFAULTS_ALLOWED)) {
            return;
        }
        Binder binder = Binder.get(environment);
        List<String> problems = new ArrayList<>();

        Optional<String> jwt = value(binder, JWT_SECRET);
        if (jwt.isEmpty()) {
            problems.add(JWT_SECRET + " is not set");
        } else if (KnownDefaultSecrets.isKnownDefault(jwt.get())) {
            problems.add(JWT_SECRET + " is the local run's default");
        } else if (jwt.get().getBytes(StandardCharsets.UTF_8).length < KnownDefaultSecrets.MIN_JWT_SECRET_BYTES) {
            problems.add(JWT_SECRET + " is " + jwt.get().getBytes(StandardCharsets.UTF_8).length
                    + " bytes, HS256 needs at least " + KnownDefaultSecrets.MIN_JWT_SECRET_BYTES + " (256 bits)");
        }
        for (String key : List.of(S3_ACCESS_KEY, S3_SECRET_KEY)) {
            value(binder, key)
                    .filter(KnownDefaultSecrets::isKnownDefault)
                    .ifPresent(v -> problems.add(key + " is the local run's default"));
        }
        value(binder, PUSHER_URL)
                .map(StartupSecretsCheck::password)
                .filter(KnownDefaultSecrets::isKnownDefault)
                .ifPresent(v -> problems.add(PUSHER_URL + " carries the local run's default app secret"));

        if (!problems.isEmpty()) {
            throw new InsecureConfigurationException(refusal(problems));
        }
    }

    /** The one line an operator reads: what is wrong and how to fix it. */
    public static String refusal(List<String> problems) {
        return "Refusing to start: " + String.join("; ", problems)
                + ". Set a secret of your own (see docs/operations.md, 'Secrets'), or activate the 'local'"
                + " profile (SPRING_PROFILES_ACTIVE=local) for a run on your own machine.";
    }

    private static Optional<String> value(Binder binder, String key) {
        return Optional.ofNullable(binder.bind(key, String.class).orElse(null))
                .map(String::strip)
                .filter(v -> !v.isEmpty());
    }

    private static String password(String url) {
        try {
            String userInfo = URI.create(url.strip()).getRawUserInfo();
            if (userInfo == null || !userInfo.contains(":")) {
                return null;
            }
            return java.net.URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notAUrl) {
            return null; // the service's own binding reports a malformed URL
        }
    }
}

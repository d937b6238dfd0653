package com.staffchat.realtime.app;

import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start the server when a configured app's secret is the one shipped for the local run
 * ({@code application-local.yml}, {@code ./chat}, {@code docker-compose.yml}), unless the
 * {@code local} or {@code test} profile is active: anyone could sign API requests and channel
 * authorizations with a public secret. Runs before any bean exists; {@link Reporter} logs the
 * reason as one line. The other services' defaults are listed in service-support's
 * {@code KnownDefaultSecrets}; this is the same Pusher app secret.
 */
public class DefaultAppSecretCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** The app secrets that ship with the repository for the local run. */
    public static final Set<String> KNOWN_DEFAULT_SECRETS = Set.of("staffchat-secret");

    /** Profiles in which the shipped defaults are accepted. */
    public static final Profiles DEFAULTS_ALLOWED = Profiles.of("local | test");

    /** One configured app, as far as this check reads it. */
    record ConfiguredApp(String id, String secret) {}

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    /** After logging is set up. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** @throws InsecureAppSecretException naming each app whose secret is a shipped default */
    public static void check(ConfigurableEnvironment environment) {
        if (environment.acceptsProfiles(DEFAULTS_ALLOWED)) {
            return;
        }
        List<ConfiguredApp> apps = Binder.get(environment)
                .bind("staffchat.realtime.apps", Bindable.listOf(ConfiguredApp.class))
                .orElse(List.of());
        List<String> problems = apps.stream()
                .filter(app -> app.secret() != null
                        && KNOWN_DEFAULT_SECRETS.contains(app.secret().strip()))
                .map(app -> "staffchat.realtime.apps[" + apps.indexOf(app) + "].secret (app '" + app.id()
                        + "') is the local run's default")
                .toList();
        if (!problems.isEmpty()) {
            throw new InsecureAppSecretException("Refusing to start: " + String.join("; ", problems)
                    + ". Set a secret of your own (STAFFCHAT_REALTIME_APPS_0_SECRET, see docs/operations.md,"
                    + " 'Secrets'), or activate the 'local' profile (SPRING_PROFILES_ACTIVE=local) for a run"
                    + " on your own machine.");
        }
    }

    /** The server's configuration is unsafe to run with; the message is the one line to log. */
    public static class InsecureAppSecretException extends IllegalStateException {

        public InsecureAppSecretException(String message) {
            super(message);
        }
    }

    /** Logs a refused start as its one-line reason instead of Boot's stack trace. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Reporter implements SpringBootExceptionReporter {

        private static final Log log = LogFactory.getLog(DefaultAppSecretCheck.class);

        @Override
        public boolean reportException(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof InsecureAppSecretException insecure) {
                    log.error(insecure.getMessage());
                    return true;
                }
            }
            return false;
        }
    }
}

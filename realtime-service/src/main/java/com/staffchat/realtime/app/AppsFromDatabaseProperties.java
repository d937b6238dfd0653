package com.staffchat.realtime.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Apps read from PostgreSQL ({@code staffchat.realtime.apps-from-database.*}). Off by default: the
 * server then needs no database at all, and neither R2DBC nor Flyway is configured.
 *
 * @param enabled read apps from the table {@code realtime.apps} (migrated by Flyway) and merge
 * them with the configured ones; needs {@code spring.r2dbc.*} and {@code spring.flyway.*}
 * @param pollInterval how often the table is read again; added, changed, disabled and removed apps
 * take effect within one interval, without a restart
 */
@ConfigurationProperties("staffchat.realtime.apps-from-database")
public record AppsFromDatabaseProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("5s") Duration pollInterval) {

    public static final String ENABLED = "staffchat.realtime.apps-from-database.enabled";

    public AppsFromDatabaseProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("staffchat.realtime.apps-from-database.poll-interval must be positive");
        }
    }
}

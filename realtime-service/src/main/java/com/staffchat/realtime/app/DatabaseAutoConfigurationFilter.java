package com.staffchat.realtime.app;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out every database auto-configuration (R2DBC, Spring Data R2DBC, Flyway, JDBC) unless
 * {@code staffchat.realtime.apps-from-database.enabled} is true, so that the server runs from
 * configuration alone without trying to reach PostgreSQL. It acts only where that key is set
 * (realtime-service's application.yml sets it to false), so other services on a shared classpath
 * keep their databases.
 */
public final class DatabaseAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String[] DATABASE_PACKAGES = {
        "org.springframework.boot.r2dbc.",
        "org.springframework.boot.data.r2dbc.",
        "org.springframework.boot.flyway.",
        "org.springframework.boot.jdbc."
    };

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[candidates.length];
        String enabled = environment == null ? null : environment.getProperty(AppsFromDatabaseProperties.ENABLED);
        boolean excludeDatabase = "false".equalsIgnoreCase(enabled);
        for (int i = 0; i < candidates.length; i++) {
            matches[i] = !(excludeDatabase && candidates[i] != null && isDatabase(candidates[i]));
        }
        return matches;
    }

    private static boolean isDatabase(String candidate) {
        for (String prefix : DATABASE_PACKAGES) {
            if (candidate.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

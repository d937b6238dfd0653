package com.staffchat.realtime.app;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The app directory, and the database poller when apps also come from PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class AppConfiguration {

    @Bean
    ReloadingAppDirectory appDirectory(
            RealtimeProperties properties, DefaultLimitsProperties defaultLimits, ApplicationEventPublisher events) {
        return new ReloadingAppDirectory(properties, defaultLimits, events);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = AppsFromDatabaseProperties.ENABLED, havingValue = "true")
    static class FromDatabase {

        @Bean
        StoredApps storedApps(
                ConnectionFactory connections, ReloadingAppDirectory directory, AppsFromDatabaseProperties properties) {
            return new StoredApps(connections, directory, properties);
        }
    }
}

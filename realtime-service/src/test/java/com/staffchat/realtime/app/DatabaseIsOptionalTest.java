package com.staffchat.realtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.RealtimeServerTest;
import io.r2dbc.spi.ConnectionFactory;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * With apps-from-database off (the default), the server is configured without any database: no
 * R2DBC connection factory, no JDBC data source, no Flyway, so it starts and serves where no
 * PostgreSQL exists (the local run and the system test start it that way).
 */
@RealtimeServerTest
class DatabaseIsOptionalTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void noDatabaseIsConfiguredWhenAppsComeFromConfigurationOnly() {
        assertThat(context.getBeanNamesForType(ConnectionFactory.class)).isEmpty();
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Flyway.class)).isEmpty();
        assertThat(context.getBeanNamesForType(StoredApps.class)).isEmpty();
        assertThat(context.getBean(AppDirectory.class).byKey("staffchat-key")).isPresent();
    }
}

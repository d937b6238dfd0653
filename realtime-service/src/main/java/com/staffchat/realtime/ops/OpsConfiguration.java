package com.staffchat.realtime.ops;

import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.AppsWithdrawn;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.protocol.ApplicationDisabled;
import com.staffchat.realtime.protocol.ApplicationDoesNotExist;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Wires metrics, quotas and the drain, and closes the connections of withdrawn apps. */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OpsConfiguration.class);

    @Bean
    RealtimeMetrics realtimeMetrics(MeterRegistry registry) {
        return new RealtimeMetrics(registry);
    }

    @Bean
    OpenConnections openConnections(RealtimeMetrics metrics) {
        return new OpenConnections(metrics);
    }

    @Bean
    ConnectionsPerAddress connectionsPerAddress(RealtimeProperties properties) {
        return new ConnectionsPerAddress(properties.maxConnectionsPerAddress());
    }

    @Bean
    ApiQuota apiQuota(AppDirectory apps, RealtimeMetrics metrics, RealtimeProperties properties) {
        return new ApiQuota(apps, metrics, properties.apiFailuresPerAddressPerSecond());
    }

    @Bean
    GracefulDrain gracefulDrain(
            OpenConnections connections, ApplicationEventPublisher events, ShutdownProperties properties) {
        return new GracefulDrain(connections, events, properties);
    }

    @Bean
    DrainingHandshakes drainingHandshakes(GracefulDrain drain, AppDirectory apps, RealtimeMetrics metrics) {
        return new DrainingHandshakes(drain, apps, metrics);
    }

    @Bean
    WithdrawnAppsCloser withdrawnAppsCloser(OpenConnections connections) {
        return new WithdrawnAppsCloser(connections);
    }

    /** Closes the connections of apps a reload removed (4001) or disabled (4003). */
    static final class WithdrawnAppsCloser {

        private final OpenConnections connections;

        WithdrawnAppsCloser(OpenConnections connections) {
            this.connections = connections;
        }

        @EventListener
        void onWithdrawn(AppsWithdrawn withdrawn) {
            for (AppsWithdrawn.Withdrawal withdrawal : withdrawn.withdrawals()) {
                int closed = connections.close(
                        withdrawal.app(),
                        switch (withdrawal.reason()) {
                            case REMOVED ->
                                new ApplicationDoesNotExist(withdrawal.app().key());
                            case DISABLED ->
                                new ApplicationDisabled(withdrawal.app().key());
                        });
                log.info("Closed {} connections of {} ({})", closed, withdrawal.app(), withdrawal.reason());
            }
        }
    }
}

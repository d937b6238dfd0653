package com.staffchat.realtime.protocol;

import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the protocol: the channel registry (in memory unless another is declared) and the event handler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProtocolProperties.class)
class ProtocolConfiguration {

    @Bean
    @ConditionalOnMissingBean(ChannelRegistry.class)
    LocalChannelRegistry localChannelRegistry(RealtimeProperties properties) {
        return new LocalChannelRegistry();
    }

    @Bean
    PusherEventHandler pusherEventHandler(
            AppDirectory apps,
            ChannelRegistry registry,
            RealtimeProperties properties,
            ProtocolProperties protocol,
            ObjectProvider<ChannelEventListener> channelEvents) {
        return new PusherEventHandler(
                apps,
                registry,
                properties,
                protocol,
                InstantSource.system(),
                channelEvents.getIfAvailable(() -> ChannelEventListener.NONE));
    }
}

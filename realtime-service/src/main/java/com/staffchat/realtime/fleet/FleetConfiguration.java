package com.staffchat.realtime.fleet;

import com.staffchat.realtime.app.RealtimeProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * With {@code staffchat.realtime.fleet.enabled=true}, this node joins the fleet: its channel
 * registry becomes the Redis-backed one (primary over the in-memory registry).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "staffchat.realtime.fleet.enabled", havingValue = "true")
class FleetConfiguration {

    @Bean
    FleetNode fleetNode(
            ReactiveStringRedisTemplate redis,
            FleetProperties properties,
            ObjectProvider<SubscriptionCountPolicy> policy) {
        return new FleetNode(redis, properties, policy.getIfAvailable(() -> SubscriptionCountPolicy.NONE));
    }

    @Bean
    @Primary
    FleetChannelRegistry fleetChannelRegistry(FleetNode node, RealtimeProperties properties) {
        return new FleetChannelRegistry(node);
    }

    @Bean
    FleetEventStream fleetEventStream(ReactiveStringRedisTemplate redis, FleetProperties properties, FleetNode node) {
        return new FleetEventStream(redis, properties, node.state()::lease);
    }
}

package com.staffchat.realtime.webhook;

import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.fleet.FleetEventStream;
import com.staffchat.realtime.fleet.FleetProperties;
import com.staffchat.realtime.fleet.SubscriptionCountPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/** Webhooks and the Kafka topic, on fleet nodes (they read the fleet's event stream in Redis). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "staffchat.realtime.fleet.enabled", havingValue = "true")
class WebhookConfiguration {

    @Bean
    SubscriptionCountPolicy subscriptionCountPolicy(WebhookProperties webhooks, FleetProperties fleet) {
        return appId -> fleet.publishPresenceTopic() || webhooks.wants(appId, WebhookEventType.SUBSCRIPTION_COUNT);
    }

    @Bean
    ChannelEventRecorder channelEventRecorder(
            FleetEventStream stream, WebhookProperties webhooks, FleetProperties fleet) {
        return new ChannelEventRecorder(stream, webhooks, fleet.publishPresenceTopic());
    }

    @Bean
    WebhookDispatcher webhookDispatcher(
            FleetEventStream stream,
            WebhookProperties webhooks,
            AppDirectory apps,
            ObjectProvider<WebClient.Builder> client,
            MeterRegistry meters,
            FleetProperties fleet) {
        return new WebhookDispatcher(
                stream,
                webhooks,
                apps,
                client.getIfAvailable(WebClient::builder).build(),
                meters,
                fleet.pollInterval());
    }

    @Bean
    @ConditionalOnProperty(name = "staffchat.realtime.fleet.publish-presence-topic", havingValue = "true")
    PresenceTopicRelay presenceTopicRelay(
            FleetEventStream stream, KafkaTemplate<String, String> kafka, FleetProperties fleet) {
        return new PresenceTopicRelay(
                stream,
                kafka,
                fleet.presenceTopic(),
                fleet.pollInterval(),
                fleet.heartbeatTtl().plus(fleet.heartbeatInterval()));
    }
}

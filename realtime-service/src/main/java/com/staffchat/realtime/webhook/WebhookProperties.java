package com.staffchat.realtime.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook configuration: the targets of each app ({@code staffchat.realtime.apps[n].webhooks[m].*},
 * next to the app's id) and how delivery behaves ({@code staffchat.realtime.webhook-delivery.*}).
 *
 * @param apps the apps, by id, with their webhooks
 * @param webhookDelivery retries, batching and timeouts
 */
@ConfigurationProperties("staffchat.realtime")
public record WebhookProperties(
        @DefaultValue List<AppWebhooks> apps, @DefaultValue Delivery webhookDelivery) {

    /** The webhooks of one app. */
    List<Webhook> webhooksOf(String appId) {
        return apps.stream()
                .filter(app -> appId.equals(app.id()))
                .findFirst()
                .map(AppWebhooks::webhooks)
                .orElse(List.of());
    }

    /** Whether any webhook of the app receives events of this type. */
    boolean wants(String appId, String eventType) {
        return webhooksOf(appId).stream().anyMatch(webhook -> webhook.receives(eventType));
    }

    /**
     * One app's webhooks.
     *
     * @param id the app id ({@code staffchat.realtime.apps[n].id})
     * @param webhooks where the app's channel events are POSTed
     */
    public record AppWebhooks(String id, @DefaultValue List<Webhook> webhooks) {}

    /**
     * One webhook target.
     *
     * @param url where events are POSTed
     * @param eventTypes the event names it receives; empty means every type except
     * {@code subscription_count}, which must be listed to be sent
     */
    public record Webhook(URI url, @DefaultValue Set<String> eventTypes) {

        public Webhook {
            if (url == null || url.getScheme() == null || !url.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("staffchat.realtime.apps[n].webhooks[m].url must be an http(s) URL");
            }
            for (String type : eventTypes) {
                if (!WebhookEventType.ALL.contains(type)) {
                    throw new IllegalArgumentException(
                            "Unknown webhook event type '" + type + "'; expected one of " + WebhookEventType.ALL);
                }
            }
        }

        boolean receives(String eventType) {
            return eventTypes.isEmpty() ? WebhookEventType.DEFAULT.contains(eventType) : eventTypes.contains(eventType);
        }
    }

    /**
     * How webhooks are delivered.
     *
     * @param initialBackoff wait before the first retry of a failed POST; doubles each time
     * @param maxBackoff longest wait between retries
     * @param giveUpAfter how long a batch is retried before it is dropped (Pusher: 5 minutes)
     * @param requestTimeout how long one POST may take
     * @param maxBatchEvents most events in one POST
     * @param maxBatchesInFlight most batches this node sends (or retries) at once
     */
    public record Delivery(
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("5m") Duration giveUpAfter,
            @DefaultValue("10s") Duration requestTimeout,
            @DefaultValue("100") int maxBatchEvents,
            @DefaultValue("32") int maxBatchesInFlight) {}
}

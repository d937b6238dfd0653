package com.staffchat.realtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.fleet.FleetProperties;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/realtime.md (every fleet and webhook-delivery key) and docs/events.md (the presence
 * topic and every event type on it) in step with the code.
 */
class FleetDocsTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void realtimeDocDescribesEveryFleetAndWebhookDeliveryKey() throws IOException {
        String doc = Files.readString(DOCS.resolve("realtime.md"));
        for (RecordComponent key : FleetProperties.class.getRecordComponents()) {
            assertThat(doc)
                    .as("docs/realtime.md documents fleet.%s", kebab(key.getName()))
                    .contains("`fleet." + kebab(key.getName()) + "`");
        }
        for (RecordComponent key : WebhookProperties.Delivery.class.getRecordComponents()) {
            assertThat(doc).contains("`webhook-delivery." + kebab(key.getName()) + "`");
        }
        assertThat(doc).contains("`apps[n].webhooks[m].url`", "`apps[n].webhooks[m].event-types`");
        for (String type : WebhookEventType.ALL) {
            assertThat(doc)
                    .as("docs/realtime.md describes the webhook %s", type)
                    .contains("`" + type + "`");
        }
    }

    @Test
    void eventsDocDescribesThePresenceTopicAndEveryEventOnIt() throws IOException {
        String doc = Files.readString(DOCS.resolve("events.md"));
        String defaultTopic = FleetProperties.defaults("rt", "n").presenceTopic();
        assertThat(doc).contains("`" + defaultTopic + "`");
        String section = doc.substring(doc.indexOf("## Presence events"));
        for (String type : WebhookEventType.ALL) {
            assertThat(section).as("docs/events.md describes %s", type).contains("| `" + type + "` |");
        }
        assertThat(section).contains("`id`", "`app_id`", "`time_ms`", "`name`", "`channel`");
        for (String type : List.of("subscription_added", "subscription_removed")) {
            assertThat(section)
                    .as("docs/events.md describes the topic-only %s", type)
                    .contains("| `" + type + "` | `socket_id`, `user_id` |");
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}

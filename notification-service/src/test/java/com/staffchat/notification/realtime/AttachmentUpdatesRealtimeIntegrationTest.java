package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.staffchat.events.AttachmentDeleted;
import com.staffchat.events.DeletionReason;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ThumbnailReady;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ConsumerAutoConfiguration;
import com.staffchat.testsupport.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 19's attachment events from {@code staffchat.attachments} to a pusher-java-client through a real
 * realtime-service process: a ready thumbnail and a deletion reach the conversation's channel as
 * {@code attachment-updated}, a redelivered event is not triggered twice, and a record that cannot be decoded
 * (or does not belong on the topic) goes to {@code staffchat.attachments.dlt} with its reason.
 */
class AttachmentUpdatesRealtimeIntegrationTest extends ConversationPipelineTest {

    static final long CONVERSATION = 1919;
    static final String DLT = Topics.deadLetter(Topics.ATTACHMENTS);

    @Test
    void readyThumbnailAndDeletionReachTheConversationOnceEach() {
        String channel = ChannelNames.conversation(HOTEL, CONVERSATION);
        String photo = UUID.randomUUID().toString();
        String pdf = UUID.randomUUID().toString();
        try (var subscriber = Subscriber.connect(realtime.port, List.of(channel), "attachment-updated")) {
            EventEnvelope<EventPayload> ready =
                    publishAttachment(new ThumbnailReady(photo, CONVERSATION, 320, 240, AT));
            publishAttachment(new ThumbnailReady(pdf, CONVERSATION, 226, 320, AT));
            publishAttachment(ready); // redelivered: already triggered, so skipped
            publishAttachment(new AttachmentDeleted(photo, CONVERSATION, 2, DeletionReason.DELETED, AT));

            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received.size() >= 3);
            List<PusherEvent> events = List.copyOf(subscriber.received);
            assertThat(events).hasSize(3);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getChannelName()).isEqualTo(channel);
                assertThat(e.getEventName()).isEqualTo("attachment-updated");
            });

            JsonNode first = data(events.get(0));
            assertThat(first.get("attachmentId").asString()).isEqualTo(photo);
            assertThat(first.get("conversationId").asLong()).isEqualTo(CONVERSATION);
            assertThat(first.get("thumbnail").get("available").asBoolean()).isTrue();
            assertThat(first.get("thumbnail").get("width").asInt()).isEqualTo(320);
            assertThat(first.get("thumbnail").get("height").asInt()).isEqualTo(240);
            JsonNode second = data(events.get(1));
            assertThat(second.get("attachmentId").asString()).isEqualTo(pdf);
            assertThat(second.get("thumbnail").get("height").asInt()).isEqualTo(320);
            JsonNode deleted = data(events.get(2));
            assertThat(deleted.get("attachmentId").asString()).isEqualTo(photo);
            assertThat(deleted.get("deleted").asBoolean()).isTrue();
            assertThat(deleted.has("thumbnail")).isFalse();
        }
    }

    @Test
    void recordThatCannotBeDecodedGoesToTheDeadLetterTopicWithItsReason() {
        try (var dlt = KafkaTestSupport.consumer(broker.getBrokersAsString(), DLT)) {
            KafkaTestSupport.send(
                    broker.getBrokersAsString(),
                    Topics.ATTACHMENTS,
                    "1920",
                    "{\"type\":\"staffchat.attachment.teleported\"}".getBytes(StandardCharsets.UTF_8));
            // a conversation event published on the wrong topic is as unusable here
            EventEnvelope<EventPayload> misplaced =
                    EventEnvelope.wrap("message-service", HOTEL, new MessagesRead(1921, 2, 4, 0, 3, AT));
            KafkaTestSupport.send(broker.getBrokersAsString(), Topics.ATTACHMENTS, "1921", codec.encode(misplaced));

            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 2;
            });
            ConsumerRecord<String, byte[]> undecodable = byKey(records, "1920");
            assertThat(header(undecodable, ConsumerAutoConfiguration.REASON_HEADER))
                    .contains("EventDecodingException")
                    .contains("unknown event type 'staffchat.attachment.teleported'");
            assertThat(header(undecodable, ConsumerAutoConfiguration.CONSUMER_HEADER))
                    .isEqualTo(AttachmentEventListener.CONSUMER);
            assertThat(new String(undecodable.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"type\":\"staffchat.attachment.teleported\"}");
            assertThat(header(byKey(records, "1921"), ConsumerAutoConfiguration.REASON_HEADER))
                    .contains("staffchat.messages.read does not belong on staffchat.attachments");
        }
    }

    private EventEnvelope<EventPayload> publishAttachment(EventPayload event) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap("attachment-service", HOTEL, event);
        publishAttachment(envelope);
        return envelope;
    }

    private void publishAttachment(EventEnvelope<EventPayload> envelope) {
        KafkaTestSupport.send(broker.getBrokersAsString(), Topics.ATTACHMENTS, envelope.key(), codec.encode(envelope));
    }

    private static ConsumerRecord<String, byte[]> byKey(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

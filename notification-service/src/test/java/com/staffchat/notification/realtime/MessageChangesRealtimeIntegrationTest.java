package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.staffchat.events.DeleteMode;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ReactionAdded;
import com.staffchat.events.ReactionSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's events from the conversations topic to a pusher-java-client through a real
 * realtime-service process: edit, delete, reaction and read on the conversation's channel, in order,
 * and the reader's {@code unread-count} on their own channel.
 */
class MessageChangesRealtimeIntegrationTest extends ConversationPipelineTest {

    static final long CONVERSATION = 4242;

    @Test
    void editDeleteReactionAndReadReachTheConversationAndTheReadersOwnChannel() {
        String conversation = ChannelNames.conversation(HOTEL, CONVERSATION);
        String reader = ChannelNames.staff(HOTEL, 2);
        try (var onConversation = Subscriber.connect(
                        realtime.port,
                        List.of(conversation),
                        "message-edited",
                        "message-deleted",
                        "message-reaction",
                        "messages-read");
                var onOwnChannel = Subscriber.connect(realtime.port, List.of(reader), "unread-count")) {
            publish(new MessageEdited(9001, CONVERSATION, 3, 1, "Room 14, not 12", List.of(2L), AT));
            publish(new ReactionAdded(
                    9001, CONVERSATION, 3, 2, "👍", List.of(new ReactionSummary("👍", 1, List.of(2L))), AT));
            publish(new MessageDeleted(9002, CONVERSATION, 4, 1, 1, DeleteMode.SOFT, AT));
            publish(new MessagesRead(CONVERSATION, 2, 4, 0, 3, AT));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> onConversation.received.size() >= 4 && !onOwnChannel.received.isEmpty());
            List<PusherEvent> events = List.copyOf(onConversation.received);
            assertThat(events)
                    .extracting(PusherEvent::getEventName)
                    .containsExactly("message-edited", "message-reaction", "message-deleted", "messages-read");
            assertThat(events).allSatisfy(e -> assertThat(e.getChannelName()).isEqualTo(conversation));

            JsonNode edited = data(events.get(0));
            assertThat(edited.get("seq").asLong()).isEqualTo(3);
            assertThat(edited.get("body").asString()).isEqualTo("Room 14, not 12");
            assertThat(edited.get("editedAt").asString()).isEqualTo(AT.toString());
            JsonNode reaction = data(events.get(1));
            assertThat(reaction.get("action").asString()).isEqualTo("added");
            assertThat(reaction.get("reactions").get(0).get("count").asInt()).isEqualTo(1);
            JsonNode deleted = data(events.get(2));
            assertThat(deleted.get("seq").asLong()).isEqualTo(4);
            assertThat(deleted.get("body").asString()).isEqualTo("[Message deleted]");
            JsonNode read = data(events.get(3));
            assertThat(read.get("staffId").asLong()).isEqualTo(2);
            assertThat(read.get("lastReadSeq").asLong()).isEqualTo(4);

            PusherEvent unread = onOwnChannel.received.peek();
            assertThat(unread.getEventName()).isEqualTo("unread-count");
            assertThat(unread.getChannelName()).isEqualTo(reader);
            assertThat(json.readValue(unread.getData(), Map.class))
                    .containsEntry("conversationId", (int) CONVERSATION)
                    .containsEntry("lastReadSeq", 4)
                    .containsEntry("unreadCount", 0)
                    .containsEntry("totalUnreadCount", 3)
                    .containsEntry("lastSeq", 4)
                    .containsEntry("exact", true);
        }
    }
}

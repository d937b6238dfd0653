package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ParticipantsRemoved;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18's per-person events on {@code private-{hotel}-staff-{staffId}}, from the conversation
 * topic through the projection and a real realtime-service process to pusher-java-clients: each
 * member's {@code unread-count} after new messages (their own counts, or one shared event in a group
 * above the threshold), the {@code mention} notice, and {@code removed-from-conversation}.
 */
class PersonalEventsRealtimeIntegrationTest extends ConversationPipelineTest {

    static final AtomicLong messageIds = new AtomicLong(71_000);

    @Test
    void eachMemberButTheSenderSeesTheirOwnUnreadCountsAfterMessagesAndAReaderTheirs() {
        long group = 7101;
        long direct = 7102;
        // people of this test only: their totals count no other test's conversations
        try (var sender = own(11, "unread-count");
                var reader = own(12, "unread-count");
                var other = own(13, "unread-count")) {
            publish(new ConversationCreated(direct, ConversationKind.DIRECT, null, 15, List.of(13L, 15L), AT));
            publish(message(direct, 1, 15, List.of()));
            publish(new ConversationCreated(
                    group, ConversationKind.GROUP, "Front desk", 11, List.of(11L, 12L, 13L), AT));
            publish(message(group, 1, 11, List.of()));
            publish(message(group, 2, 11, List.of()));
            publish(new MessagesRead(group, 12, 2, 0, 0, AT));

            // 13: two unread in the group, one in the direct conversation
            await().atMost(Duration.ofSeconds(30)).until(() -> of(other, group).stream()
                    .anyMatch(d -> d.get("lastSeq").asLong() == 2));
            JsonNode latest = last(of(other, group));
            assertThat(latest.get("lastReadSeq").asLong()).isZero();
            assertThat(latest.get("unreadCount").asLong()).isEqualTo(2);
            assertThat(latest.get("totalUnreadCount").asLong()).isEqualTo(3);
            assertThat(latest.get("exact").asBoolean()).isTrue();
            assertThat(of(other, direct))
                    .isNotEmpty()
                    .allSatisfy(d -> assertThat(d.get("unreadCount").asLong()).isEqualTo(1));

            // 12 read everything: their own channel says so last
            await().atMost(Duration.ofSeconds(30)).until(() -> of(reader, group).stream()
                    .anyMatch(d -> d.get("lastReadSeq").asLong() == 2));
            JsonNode read = last(of(reader, group));
            assertThat(read.get("unreadCount").asLong()).isZero();
            assertThat(read.get("lastSeq").asLong()).isEqualTo(2);

            assertThat(of(sender, group))
                    .as("the sender's own messages are never unread to them")
                    .isEmpty();
        }
    }

    @Test
    void aGroupAboveTheThresholdGetsOneSharedUnreadCountInOneTrigger() {
        long group = 7201;
        List<Long> members = LongStream.rangeClosed(1, 5).boxed().toList();
        try (var second = own(2, "unread-count");
                var fifth = own(5, "unread-count")) {
            publish(new ConversationCreated(group, ConversationKind.GROUP, "Housekeeping", 1, members, AT));
            MessageSent sent = message(group, 1, 1, List.of());
            publish(sent);

            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            !of(second, group).isEmpty() && !of(fifth, group).isEmpty());
            JsonNode shared = of(second, group).get(0);
            assertThat(shared.get("exact").asBoolean()).isFalse();
            assertThat(shared.get("lastSeq").asLong()).isEqualTo(1);
            assertThat(shared.get("messageId").asLong()).isEqualTo(sent.id());
            assertThat(shared.get("senderId").asLong()).isEqualTo(1);
            assertThat(shared.has("unreadCount"))
                    .as("the client counts from its own read position")
                    .isFalse();
            assertThat(of(fifth, group).get(0)).isEqualTo(shared);

            List<PusherApiGate.Forwarded> triggers = calls().stream()
                    .filter(call -> call.body().contains("unread-count")
                            && call.body().contains("\\\"conversationId\\\":" + group))
                    .toList();
            assertThat(triggers).as("one trigger to the members' channels").hasSize(1);
            assertThat(triggers.get(0).path()).isEqualTo("/events");
            List<String> channels = new ArrayList<>();
            json.readTree(triggers.get(0).body()).get("channels").forEach(c -> channels.add(c.asString()));
            assertThat(channels)
                    .containsExactlyInAnyOrder(
                            ChannelNames.staff(HOTEL, 2),
                            ChannelNames.staff(HOTEL, 3),
                            ChannelNames.staff(HOTEL, 4),
                            ChannelNames.staff(HOTEL, 5));
        }
    }

    @Test
    void mentionedPeopleGetANoticeOnTheirOwnChannelButNotTheSender() {
        long group = 7301;
        try (var sender = own(1, "mention", "unread-count");
                var mentioned = own(2, "mention")) {
            publish(new ConversationCreated(group, ConversationKind.GROUP, "Kitchen", 1, List.of(1L, 2L, 3L), AT));
            MessageSent sent = message(group, 1, 1, List.of(2L, 1L));
            publish(sent);

            await().atMost(Duration.ofSeconds(30)).until(() -> !mentioned.received.isEmpty());
            PusherEvent notice = mentioned.received.peek();
            assertThat(notice.getEventName()).isEqualTo("mention");
            JsonNode data = data(notice);
            assertThat(data.get("conversationId").asLong()).isEqualTo(group);
            assertThat(data.get("messageId").asLong()).isEqualTo(sent.id());
            assertThat(data.get("seq").asLong()).isEqualTo(1);
            assertThat(data.get("senderId").asLong()).isEqualTo(1);
            assertThat(data.get("preview").asString()).isEqualTo(sent.body());
            assertThat(sender.received).as("mentioning oneself is no news").isEmpty();
        }
    }

    @Test
    void removedPeopleHearOfItOnTheirOwnChannel() {
        long group = 7401;
        try (var removed = own(3, "removed-from-conversation");
                var leaving = own(2, "removed-from-conversation")) {
            publish(new ConversationCreated(group, ConversationKind.GROUP, "Bar", 1, List.of(1L, 2L, 3L), AT));
            publish(new ParticipantsRemoved(group, 1, List.of(3L), AT));
            publish(new ParticipantsRemoved(group, 2, List.of(2L), AT));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !removed.received.isEmpty() && !leaving.received.isEmpty());
            JsonNode byAdmin = data(removed.received.peek());
            assertThat(byAdmin.get("conversationId").asLong()).isEqualTo(group);
            assertThat(byAdmin.get("removedBy").asLong()).isEqualTo(1);
            assertThat(byAdmin.get("left").asBoolean()).isFalse();
            JsonNode left = data(leaving.received.peek());
            assertThat(left.get("removedBy").asLong()).isEqualTo(2);
            assertThat(left.get("left").asBoolean()).isTrue();
        }
    }

    /** A client subscribed to {@code staffId}'s own channel, recording {@code events}. */
    private Subscriber own(long staffId, String... events) {
        return Subscriber.connect(realtime.port, List.of(ChannelNames.staff(HOTEL, staffId)), events);
    }

    /** The data of the {@code unread-count} events {@code subscriber} got for {@code conversationId}, in order. */
    private List<JsonNode> of(Subscriber subscriber, long conversationId) {
        return subscriber.received.stream()
                .filter(e -> e.getEventName().equals("unread-count"))
                .map(this::data)
                .filter(d -> d.get("conversationId").asLong() == conversationId)
                .toList();
    }

    private static JsonNode last(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }

    static MessageSent message(long conversationId, long seq, long senderId, List<Long> mentions) {
        return new MessageSent(
                messageIds.incrementAndGet(),
                conversationId,
                seq,
                senderId,
                "Room 12 needs towels, message " + seq,
                null,
                mentions,
                List.of(),
                List.of(),
                null,
                AT,
                null,
                null);
    }
}

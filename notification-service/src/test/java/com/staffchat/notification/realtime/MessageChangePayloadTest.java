package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.DeleteMode;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ReactionAdded;
import com.staffchat.events.ReactionRemoved;
import com.staffchat.events.ReactionSummary;
import com.staffchat.notification.NotificationProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Pusher data of issue 16's events: each carries what a client needs to update its screen
 * without a fetch (the message's place and the change), and stays within the 10 KB limit.
 */
class MessageChangePayloadTest {

    static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");
    static final String CHANNEL = "private-grand-budapest-staff-conversation-7";
    static final int LIMIT = 10240;

    final RealtimeEvents events = new RealtimeEvents(new NotificationProperties(
            new NotificationProperties.Pusher(
                    "http://k:s@h/apps/1", LIMIT, 10, 100, 8, java.time.Duration.ofSeconds(4)),
            null,
            new NotificationProperties.ConversationListener(3)));
    final JsonMapper json = JsonMapper.builder().build();

    List<RealtimeEvent> of(ConversationEvent event) {
        List<RealtimeEvent> out = events.of(EventEnvelope.wrap("message-service", "grand-budapest", event));
        out.forEach(e -> assertThat(bytes(e.data())).as(e.name()).isLessThanOrEqualTo(LIMIT));
        return out;
    }

    RealtimeEvent one(ConversationEvent event, String name) {
        List<RealtimeEvent> out = of(event);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).name()).isEqualTo(name);
        assertThat(out.get(0).channel()).isEqualTo(CHANNEL);
        return out.get(0);
    }

    @Test
    void editedCarriesTheNewBodyMentionsAndPlace() {
        Map<String, Object> data = one(
                        new MessageEdited(9_100_000_000_000L, 7, 3, 1, "Room 14, not 12", List.of(2L), AT),
                        "message-edited")
                .data();
        assertThat(json.writeValueAsString(data))
                .isEqualTo("{\"id\":9100000000000,\"conversationId\":7,\"seq\":3,\"senderId\":1,"
                        + "\"body\":\"Room 14, not 12\",\"mentions\":[2],\"editedAt\":\"2026-11-24T08:21:02.010Z\","
                        + "\"truncated\":false}");
    }

    @Test
    void editedOverTenKilobytesGoesAsAShortFormCutOnACodePoint() {
        String body = "😀".repeat(7000);
        List<Long> mentions = LongStream.rangeClosed(1, 500).boxed().toList();
        Map<String, Object> data = one(new MessageEdited(9L, 7, 3, 1, body, mentions, AT), "message-edited")
                .data();
        assertThat(data).containsEntry("truncated", true).containsEntry("seq", 3L);
        assertThat((String) data.get("body")).isEqualTo("😀".repeat(RealtimeEvents.SHORT_FORM_CHARS));
        assertThat((List<?>) data.get("mentions")).isEmpty();
    }

    @Test
    void deletedSaysWhatToShowInTheMessagesPlace() {
        for (DeleteMode mode : DeleteMode.values()) {
            Map<String, Object> data = one(new MessageDeleted(9L, 7, 3, 1, 9, mode, AT), "message-deleted")
                    .data();
            assertThat(data)
                    .containsEntry("id", 9L)
                    .containsEntry("seq", 3L)
                    .containsEntry("senderId", 1L)
                    .containsEntry("deletedBy", 9L)
                    .containsEntry("mode", mode.name())
                    .containsEntry("deletedAt", "2026-11-24T08:21:02.010Z")
                    .containsEntry("body", "[Message deleted]")
                    .containsEntry("deleted", true);
        }
    }

    @Test
    void reactionCarriesTheChangeAndTheReactionsAfterIt() {
        List<ReactionSummary> after =
                List.of(new ReactionSummary("👍", 2, List.of(1L, 2L)), new ReactionSummary("🎉", 1, List.of(2L)));
        Map<String, Object> added = one(new ReactionAdded(9L, 7, 3, 2, "🎉", after, AT), "message-reaction")
                .data();
        assertThat(json.writeValueAsString(added))
                .isEqualTo("{\"messageId\":9,\"conversationId\":7,\"seq\":3,\"staffId\":2,\"emoji\":\"🎉\","
                        + "\"action\":\"added\",\"reactions\":[{\"emoji\":\"👍\",\"count\":2,\"staffIds\":[1,2]},"
                        + "{\"emoji\":\"🎉\",\"count\":1,\"staffIds\":[2]}],\"at\":\"2026-11-24T08:21:02.010Z\","
                        + "\"truncated\":false}");
        Map<String, Object> removed = one(
                        new ReactionRemoved(9L, 7, 3, 1, "👍", List.of(new ReactionSummary("👍", 1, List.of(2L))), AT),
                        "message-reaction")
                .data();
        assertThat(removed).containsEntry("action", "removed").containsEntry("emoji", "👍");
        assertThat(json.writeValueAsString(removed.get("reactions")))
                .isEqualTo("[{\"emoji\":\"👍\",\"count\":1,\"staffIds\":[2]}]");
    }

    @Test
    void reactionsOfAHugeGroupKeepTheirCountsAndTheFirstFewReactors() {
        List<Long> everyone =
                LongStream.rangeClosed(1_000_000_000L, 1_000_002_000L).boxed().toList();
        List<ReactionSummary> after = List.of(
                new ReactionSummary("👍", everyone.size(), everyone), new ReactionSummary("🔥", 1, List.of(5L)));
        Map<String, Object> data = one(new ReactionAdded(9L, 7, 3, 5, "🔥", after, AT), "message-reaction")
                .data();
        assertThat(data).containsEntry("truncated", true);
        List<?> reactions = (List<?>) data.get("reactions");
        assertThat(reactions).hasSize(2);
        Map<?, ?> thumbs = (Map<?, ?>) reactions.get(0);
        assertThat(((Number) thumbs.get("count")).intValue()).isEqualTo(everyone.size());
        assertThat((List<?>) thumbs.get("staffIds")).hasSize(RealtimeEvents.SHORT_FORM_REACTORS);
        assertThat(((Map<?, ?>) reactions.get(1)).get("emoji")).isEqualTo("🔥");
    }

    @Test
    void aReadGoesToTheConversationAndTheReadersOwnUnreadCount() {
        List<RealtimeEvent> out = of(new MessagesRead(7, 2, 5, 1, 4, AT));
        assertThat(out).extracting(RealtimeEvent::name).containsExactly("messages-read", "unread-count");
        assertThat(out.get(0).channel()).isEqualTo(CHANNEL);
        assertThat(json.writeValueAsString(out.get(0).data()))
                .isEqualTo("{\"conversationId\":7,\"staffId\":2,\"lastReadSeq\":5,"
                        + "\"readAt\":\"2026-11-24T08:21:02.010Z\"}");
        assertThat(out.get(1).channel()).isEqualTo("private-grand-budapest-staff-2");
        assertThat(json.writeValueAsString(out.get(1).data()))
                .isEqualTo("{\"conversationId\":7,\"lastReadSeq\":5,\"unreadCount\":1,\"totalUnreadCount\":4,"
                        + "\"lastSeq\":6,\"exact\":true}");
    }

    private int bytes(Map<String, Object> data) {
        return json.writeValueAsString(data).getBytes(StandardCharsets.UTF_8).length;
    }
}

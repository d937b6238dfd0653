package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.ReactionSummary;
import com.staffchat.events.ReplyPreview;
import com.staffchat.notification.NotificationProperties;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Pusher {@code new-message} data is the message shape of {@link MessageSent}, under the same names. */
class NewMessagePayloadTest {

    static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");
    final RealtimeEvents events = new RealtimeEvents(new NotificationProperties(
            new NotificationProperties.Pusher(
                    "http://k:s@h/apps/1", 10240, 10, 100, 8, java.time.Duration.ofSeconds(4)),
            null,
            new NotificationProperties.ConversationListener(3)));
    final JsonMapper json = JsonMapper.builder().build();

    static MessageSent message(String body, List<Long> mentions) {
        return new MessageSent(
                9_100_000_000_000L,
                7L,
                3L,
                1L,
                body,
                new ReplyPreview(9_000_000_000_000L, 2L, "Which room?"),
                mentions,
                List.of(new ReactionSummary("👍", 1, List.of(2L))),
                List.of(new AttachmentSummary("0b9f3c1e", "towels.jpg", "image/jpeg", 48_213L)),
                "c-42",
                AT,
                null,
                null);
    }

    RealtimeEvent newMessage(MessageSent sent) {
        List<RealtimeEvent> out = events.of(EventEnvelope.wrap("message-service", "grand-budapest", sent));
        assertThat(out.get(0).name()).isEqualTo("new-message");
        // then one mention notice per person mentioned (PersonalEventsPayloadTest)
        assertThat(out.subList(1, out.size())).extracting(RealtimeEvent::name).containsOnly("mention");
        assertThat(out.get(0).channel()).isEqualTo("private-grand-budapest-staff-conversation-7");
        return out.get(0);
    }

    @Test
    void newMessageCarriesEveryFieldOfTheMessageShapeUnderItsName() {
        Map<String, Object> data =
                newMessage(message("Room 12 needs towels", List.of(2L))).data();
        List<String> shape = Arrays.stream(MessageSent.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertThat(List.copyOf(data.keySet())).containsExactlyElementsOf(concat(shape, "truncated"));
        assertThat(json.writeValueAsString(data))
                .isEqualTo("{\"id\":9100000000000,\"conversationId\":7,\"seq\":3,\"senderId\":1,"
                        + "\"body\":\"Room 12 needs towels\","
                        + "\"replyTo\":{\"id\":9000000000000,\"senderId\":2,\"preview\":\"Which room?\"},"
                        + "\"mentions\":[2],\"reactions\":[{\"emoji\":\"👍\",\"count\":1,\"staffIds\":[2]}],"
                        + "\"attachments\":[{\"id\":\"0b9f3c1e\",\"fileName\":\"towels.jpg\","
                        + "\"contentType\":\"image/jpeg\",\"sizeBytes\":48213}],\"clientId\":\"c-42\","
                        + "\"createdAt\":\"2026-11-24T08:21:02.010Z\",\"editedAt\":null,\"deletedAt\":null,"
                        + "\"kind\":\"USER\",\"system\":null,\"truncated\":false}");
    }

    @Test
    void messageOverTenKilobytesGoesAsAShortFormThatSaysSo() {
        String body = "😀".repeat(7000); // 28,000 bytes of UTF-8; cut on a code point, never mid-pair
        List<Long> mentions = LongStream.rangeClosed(1, 500).boxed().toList();
        Map<String, Object> data = newMessage(message(body, mentions)).data();
        String wire = json.writeValueAsString(data);
        assertThat(wire.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(10240);
        assertThat(data).containsEntry("truncated", true).containsEntry("body", "😀".repeat(500));
        assertThat(data.get("mentions")).isEqualTo(List.of());
        assertThat(List.copyOf(data.keySet()))
                .containsExactlyElementsOf(concat(
                        Arrays.stream(MessageSent.class.getRecordComponents())
                                .map(RecordComponent::getName)
                                .toList(),
                        "truncated"));
    }

    private static List<String> concat(List<String> names, String last) {
        var all = new java.util.ArrayList<>(names);
        all.add(last);
        return all;
    }
}

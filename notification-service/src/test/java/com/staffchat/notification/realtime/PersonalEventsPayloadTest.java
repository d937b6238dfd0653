package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.notification.projection.Recipient;
import com.staffchat.notification.projection.Recipients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data of the per-person events: {@code mention}, {@code removed-from-conversation}, {@code unread-count}. */
class PersonalEventsPayloadTest {

    static final String HOTEL = "grand-budapest";
    static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");
    final RealtimeEvents events = new RealtimeEvents(new NotificationProperties(
            new NotificationProperties.Pusher("http://k:s@h/apps/1", 10240, 10, 100, 8, Duration.ofSeconds(4)),
            null,
            new NotificationProperties.ConversationListener(3)));

    static MessageSent message(long senderId, String body, List<Long> mentions, List<AttachmentSummary> files) {
        return new MessageSent(
                9_100_000_000_000L, 7L, 3L, senderId, body, null, mentions, List.of(), files, null, AT, null, null);
    }

    @Test
    void everyoneMentionedButTheSenderGetsOneNoticeWithTheSameData() {
        List<RealtimeEvent> out = events.of(EventEnvelope.wrap(
                "message-service", HOTEL, message(1, "@anna @ben towels", List.of(2L, 1L, 3L, 2L), List.of())));

        List<RealtimeEvent> mentions =
                out.stream().filter(e -> e.name().equals("mention")).toList();
        assertThat(mentions)
                .extracting(RealtimeEvent::channel)
                .containsExactly(ChannelNames.staff(HOTEL, 2), ChannelNames.staff(HOTEL, 3));
        assertThat(mentions.get(0).data())
                .isEqualTo(Map.of(
                        "conversationId", 7L,
                        "messageId", 9_100_000_000_000L,
                        "seq", 3L,
                        "senderId", 1L,
                        "preview", "@anna @ben towels"));
        assertThat(mentions.get(1).data())
                .as("one fan-out trigger")
                .isEqualTo(mentions.get(0).data());
    }

    @Test
    void aPreviewIsShortOnOneLineAndSaysWhatAFileIs() {
        String longBody = "Room 12\n\n needs " + "😊".repeat(200);
        String preview = RealtimeEvents.preview(message(1, longBody, List.of(), List.of()));
        assertThat(preview).startsWith("Room 12 needs 😊").endsWith("…");
        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(RealtimeEvents.PREVIEW_CHARS);

        var photo = new AttachmentSummary("a1", "towels.jpg", "image/jpeg", 1_000);
        var pdf = new AttachmentSummary("a2", "rota.pdf", "application/pdf", 1_000);
        assertThat(RealtimeEvents.preview(message(1, "", List.of(), List.of(photo))))
                .isEqualTo("📎 photo");
        assertThat(RealtimeEvents.preview(message(1, " ", List.of(), List.of(photo, pdf))))
                .isEqualTo("📎 file");
    }

    @Test
    void removedPeopleAreToldOnTheirOwnChannelWhetherTheyLeft() {
        List<RealtimeEvent> out = events.of(
                EventEnvelope.wrap("message-service", HOTEL, new ParticipantsRemoved(7, 4, List.of(4L, 5L), AT)));

        List<RealtimeEvent> removed = out.stream()
                .filter(e -> e.name().equals("removed-from-conversation"))
                .toList();
        assertThat(removed)
                .extracting(RealtimeEvent::channel)
                .containsExactly(ChannelNames.staff(HOTEL, 4), ChannelNames.staff(HOTEL, 5));
        assertThat(removed.get(0).data()).containsEntry("left", true).containsEntry("removedBy", 4L);
        assertThat(removed.get(1).data())
                .containsEntry("conversationId", 7L)
                .containsEntry("left", false)
                .containsEntry("at", AT.toString());
    }

    static Recipients members(int count) {
        List<Recipient> people = new java.util.ArrayList<>();
        people.add(new Recipient(1, 3, 0, false, null, 0L)); // the sender
        people.add(new Recipient(2, 1, 2, false, null, 5L));
        people.add(new Recipient(3, 3, 0, false, null, 0L)); // read it already
        for (long s = 4; s <= count; s++) {
            people.add(new Recipient(s, 0, 3, true, null, 3L));
        }
        return new Recipients(HOTEL, 7, 3, people);
    }

    @Test
    void upToTheThresholdEachMemberWithSomethingUnreadGetsTheirOwnCounts() {
        List<RealtimeEvent> out =
                events.unreadAfterMessage(HOTEL, message(1, "hi", List.of(), List.of()), members(4), 4);

        assertThat(out)
                .extracting(RealtimeEvent::channel)
                .containsExactly(ChannelNames.staff(HOTEL, 2), ChannelNames.staff(HOTEL, 4));
        assertThat(out).extracting(RealtimeEvent::name).containsOnly("unread-count");
        assertThat(out.get(0).data())
                .isEqualTo(Map.of(
                        "conversationId", 7L,
                        "lastReadSeq", 1L,
                        "unreadCount", 2L,
                        "totalUnreadCount", 5L,
                        "lastSeq", 3L,
                        "exact", true));
    }

    @Test
    void aboveTheThresholdOneSharedEventGoesToTheSameMembers() {
        MessageSent sent = message(1, "hi", List.of(), List.of());
        List<RealtimeEvent> out = events.unreadAfterMessage(HOTEL, sent, members(5), 4);

        assertThat(out)
                .extracting(RealtimeEvent::channel)
                .containsExactly(
                        ChannelNames.staff(HOTEL, 2), ChannelNames.staff(HOTEL, 4), ChannelNames.staff(HOTEL, 5));
        assertThat(out)
                .extracting(RealtimeEvent::data)
                .containsOnly(Map.of(
                        "conversationId", 7L, "lastSeq", 3L, "messageId", sent.id(), "senderId", 1L, "exact", false));
    }
}

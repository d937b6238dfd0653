package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ConversationKind;
import com.staffchat.events.ConversationSnapshot;
import com.staffchat.events.EventEnvelope;
import com.staffchat.notification.NotificationProperties;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code staffchat.conversation.snapshot} restates a conversation for projections (issue 18); it is no change, so no
 * client hears of it: not the conversation's channel, not any participant's own channel.
 */
class ConversationSnapshotRealtimeTest {

    static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");

    final RealtimeEvents events = new RealtimeEvents(new NotificationProperties(
            new NotificationProperties.Pusher(
                    "http://k:s@h/apps/1", 10240, 10, 100, 8, java.time.Duration.ofSeconds(4)),
            null,
            new NotificationProperties.ConversationListener(3)));

    @Test
    void aSnapshotTriggersNoPusherEvent() {
        var snapshot = new ConversationSnapshot(
                7,
                ConversationKind.GROUP,
                "Front desk",
                12,
                List.of(
                        new ConversationSnapshot.Participant(1, "ADMIN", 12, false, null),
                        new ConversationSnapshot.Participant(2, "MEMBER", 9, true, AT.plusSeconds(3600))),
                AT);

        assertThat(events.of(EventEnvelope.wrap("message-service", "grand-budapest", snapshot)))
                .isEmpty();
    }
}

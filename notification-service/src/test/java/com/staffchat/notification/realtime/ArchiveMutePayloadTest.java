package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.ArchiveScope;
import com.staffchat.events.ConversationArchived;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationMuted;
import com.staffchat.events.EventEnvelope;
import com.staffchat.notification.NotificationProperties;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17's archive and mute in Pusher: a mute reaches only the person's own channel (the others in the
 * conversation never learn of it), an archive for everyone the conversation's channel, an archive for me my own.
 */
class ArchiveMutePayloadTest {

    static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");
    static final String CONVERSATION_CHANNEL = "private-grand-budapest-staff-conversation-7";
    static final String OWN_CHANNEL = "private-grand-budapest-staff-2";

    final RealtimeEvents events = new RealtimeEvents(new NotificationProperties(
            new NotificationProperties.Pusher(
                    "http://k:s@h/apps/1", 10240, 10, 100, 8, java.time.Duration.ofSeconds(4)),
            null,
            new NotificationProperties.ConversationListener(3)));
    final JsonMapper json = JsonMapper.builder().build();

    List<RealtimeEvent> of(ConversationEvent event) {
        return events.of(EventEnvelope.wrap("message-service", "grand-budapest", event));
    }

    @Test
    void aMuteUntilATimeGoesOnlyToTheMutersOwnChannel() {
        List<RealtimeEvent> out = of(new ConversationMuted(7, 2, true, Instant.parse("2026-12-01T08:00:00Z"), AT));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).channel()).isEqualTo(OWN_CHANNEL);
        assertThat(out.get(0).name()).isEqualTo("conversation-updated");
        assertThat(json.writeValueAsString(out.get(0).data()))
                .isEqualTo("{\"conversationId\":7,\"muted\":true,\"mutedUntil\":\"2026-12-01T08:00:00Z\"}");
    }

    @Test
    void aMuteForGoodAndAnUnmuteCarryNoEndTime() {
        for (boolean muted : new boolean[] {true, false}) {
            List<RealtimeEvent> out = of(new ConversationMuted(7, 2, muted, null, AT));
            assertThat(out).extracting(RealtimeEvent::channel).containsExactly(OWN_CHANNEL);
            assertThat(json.writeValueAsString(out.get(0).data()))
                    .isEqualTo("{\"conversationId\":7,\"muted\":" + muted + ",\"mutedUntil\":null}");
        }
    }

    @Test
    void anArchiveForEveryoneGoesToTheConversationAndOneForMeToMyOwnChannel() {
        List<RealtimeEvent> all = of(new ConversationArchived(7, 2, ArchiveScope.ALL, true, AT));
        assertThat(all).extracting(RealtimeEvent::channel).containsExactly(CONVERSATION_CHANNEL);
        assertThat(json.writeValueAsString(all.get(0).data()))
                .isEqualTo("{\"conversationId\":7,\"archived\":true,\"scope\":\"ALL\"}");
        List<RealtimeEvent> mine = of(new ConversationArchived(7, 2, ArchiveScope.SELF, false, AT));
        assertThat(mine).extracting(RealtimeEvent::channel).containsExactly(OWN_CHANNEL);
        assertThat(mine.get(0).name()).isEqualTo("conversation-updated");
        assertThat(json.writeValueAsString(mine.get(0).data()))
                .isEqualTo("{\"conversationId\":7,\"archived\":false,\"scope\":\"SELF\"}");
    }
}

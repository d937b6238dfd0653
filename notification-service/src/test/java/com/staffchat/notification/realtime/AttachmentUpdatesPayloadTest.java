package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.AttachmentDeleted;
import com.staffchat.events.AttachmentEvent;
import com.staffchat.events.AttachmentUploaded;
import com.staffchat.events.DeletionReason;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.ThumbnailReady;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Issue 19's {@code attachment-updated}: the exact data clients receive on the conversation's channel. */
class AttachmentUpdatesPayloadTest {

    static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");
    static final String ID = "0b7e6a3c-2f1d-4c8e-9a55-1d2e3f4a5b6c";
    static final String CHANNEL = "private-grand-budapest-staff-conversation-7";

    final JsonMapper json = JsonMapper.builder().build();

    List<RealtimeEvent> of(AttachmentEvent event) {
        return AttachmentUpdates.of(EventEnvelope.wrap("attachment-service", "grand-budapest", event));
    }

    @Test
    void aReadyThumbnailTellsItsSize() {
        List<RealtimeEvent> out = of(new ThumbnailReady(ID, 7, 320, 240, AT));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).channel()).isEqualTo(CHANNEL);
        assertThat(out.get(0).name()).isEqualTo("attachment-updated");
        assertThat(json.writeValueAsString(out.get(0).data()))
                .isEqualTo("{\"attachmentId\":\"" + ID + "\",\"conversationId\":7,"
                        + "\"thumbnail\":{\"available\":true,\"width\":320,\"height\":240}}");
    }

    @Test
    void aDeletedAttachmentIsMarkedDeleted() {
        List<RealtimeEvent> out = of(new AttachmentDeleted(ID, 7, 2, DeletionReason.MESSAGE_DELETED, AT));

        assertThat(out).extracting(RealtimeEvent::channel).containsExactly(CHANNEL);
        assertThat(out.get(0).name()).isEqualTo("attachment-updated");
        assertThat(json.writeValueAsString(out.get(0).data()))
                .isEqualTo("{\"attachmentId\":\"" + ID + "\",\"conversationId\":7,\"deleted\":true}");
    }

    @Test
    void anUploadAloneIsNotAnnounced() {
        assertThat(of(new AttachmentUploaded(ID, 7, 2, "tap.jpg", "image/jpeg", 1234, AT)))
                .isEmpty();
    }
}

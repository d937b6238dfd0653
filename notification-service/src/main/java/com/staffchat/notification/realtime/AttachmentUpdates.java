package com.staffchat.notification.realtime;

import com.staffchat.events.AttachmentDeleted;
import com.staffchat.events.AttachmentEvent;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.ThumbnailReady;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Pusher events an attachment event becomes: {@code attachment-updated} on the conversation's channel
 * when a thumbnail is ready or the attachment was deleted, so every open client updates the file in place.
 * {@code AttachmentUploaded} becomes nothing: a file is shown once a message carries it.
 */
final class AttachmentUpdates {

    static final String EVENT = "attachment-updated";

    private AttachmentUpdates() {}

    static List<RealtimeEvent> of(EventEnvelope<? extends AttachmentEvent> envelope) {
        AttachmentEvent event = envelope.data();
        String channel = ChannelNames.conversation(envelope.tenant(), event.conversationId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("attachmentId", event.attachmentId());
        data.put("conversationId", event.conversationId());
        if (event instanceof ThumbnailReady ready) {
            Map<String, Object> thumbnail = new LinkedHashMap<>();
            thumbnail.put("available", true);
            thumbnail.put("width", ready.width());
            thumbnail.put("height", ready.height());
            data.put("thumbnail", thumbnail);
        } else if (event instanceof AttachmentDeleted) {
            data.put("deleted", true);
        } else {
            return List.of();
        }
        return List.of(new RealtimeEvent(channel, EVENT, data));
    }
}

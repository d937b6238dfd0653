package com.staffchat.notification.realtime;

import com.staffchat.events.ConversationArchived;
import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationUpdated;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ParticipantsAdded;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.ReactionAdded;
import com.staffchat.events.ReactionRemoved;
import com.staffchat.notification.NotificationProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which Pusher events a conversation event becomes. Every event on a conversation channel carries
 * the conversation id, and message events carry the message's {@code seq}, so a client that sees
 * a gap knows to fetch. A message whose event would exceed Pusher's 10 KB goes as a short form
 * ({@code truncated: true}) and the client fetches the whole message.
 */
@Component
public class RealtimeEvents {

    static final int SHORT_FORM_CHARS = 500;

    private final int maxEventBytes;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    RealtimeEvents(NotificationProperties properties) {
        this.maxEventBytes = properties.pusher().maxEventBytes();
    }

    public List<RealtimeEvent> of(EventEnvelope<? extends ConversationEvent> envelope) {
        String hotel = envelope.tenant();
        ConversationEvent event = envelope.data();
        String channel = ChannelNames.conversation(hotel, event.conversationId());
        List<RealtimeEvent> out = new ArrayList<>();
        if (event instanceof MessageSent m) {
            out.add(new RealtimeEvent(channel, "new-message", newMessage(m)));
        } else if (event instanceof MessageEdited m) {
            Map<String, Object> data = fields(
                    "id",
                    m.id(),
                    "conversationId",
                    m.conversationId(),
                    "seq",
                    m.seq(),
                    "senderId",
                    m.senderId(),
                    "body",
                    m.body(),
                    "mentions",
                    m.mentions(),
                    "editedAt",
                    m.editedAt().toString(),
                    "truncated",
                    false);
            if (size(data) > maxEventBytes) {
                data.put(
                        "body",
                        m.body()
                                .substring(
                                        0, Math.min(SHORT_FORM_CHARS, m.body().length())));
                data.put("truncated", true);
            }
            out.add(new RealtimeEvent(channel, "message-edited", data));
        } else if (event instanceof MessageDeleted m) {
            out.add(new RealtimeEvent(
                    channel,
                    "message-deleted",
                    fields(
                            "id",
                            m.id(),
                            "conversationId",
                            m.conversationId(),
                            "seq",
                            m.seq(),
                            "senderId",
                            m.senderId(),
                            "deletedBy",
                            m.deletedBy(),
                            "mode",
                            m.mode().name(),
                            "deletedAt",
                            m.deletedAt().toString())));
        } else if (event instanceof ReactionAdded r) {
            out.add(new RealtimeEvent(
                    channel,
                    "message-reaction",
                    fields(
                            "messageId",
                            r.messageId(),
                            "conversationId",
                            r.conversationId(),
                            "seq",
                            r.seq(),
                            "staffId",
                            r.staffId(),
                            "emoji",
                            r.emoji(),
                            "action",
                            "added",
                            "reactions",
                            r.reactions())));
        } else if (event instanceof ReactionRemoved r) {
            out.add(new RealtimeEvent(
                    channel,
                    "message-reaction",
                    fields(
                            "messageId",
                            r.messageId(),
                            "conversationId",
                            r.conversationId(),
                            "seq",
                            r.seq(),
                            "staffId",
                            r.staffId(),
                            "emoji",
                            r.emoji(),
                            "action",
                            "removed",
                            "reactions",
                            r.reactions())));
        } else if (event instanceof MessagesRead r) {
            out.add(new RealtimeEvent(
                    channel,
                    "messages-read",
                    fields(
                            "conversationId",
                            r.conversationId(),
                            "staffId",
                            r.staffId(),
                            "lastReadSeq",
                            r.lastReadSeq(),
                            "readAt",
                            r.readAt().toString())));
        } else if (event instanceof ConversationUpdated u) {
            out.add(new RealtimeEvent(
                    channel,
                    "conversation-updated",
                    fields(
                            "conversationId",
                            u.conversationId(),
                            "title",
                            u.title(),
                            "description",
                            u.description(),
                            "avatarUrl",
                            u.avatarUrl(),
                            "updatedBy",
                            u.updatedBy())));
        } else if (event instanceof ParticipantsAdded p) {
            out.add(new RealtimeEvent(
                    channel,
                    "participants-changed",
                    fields(
                            "conversationId",
                            p.conversationId(),
                            "added",
                            p.staffIds(),
                            "removed",
                            List.of(),
                            "by",
                            p.addedBy())));
            for (long staffId : p.staffIds()) {
                out.add(new RealtimeEvent(
                        ChannelNames.staff(hotel, staffId),
                        "conversation-updated",
                        fields("conversationId", p.conversationId(), "joined", true)));
            }
        } else if (event instanceof ParticipantsRemoved p) {
            out.add(new RealtimeEvent(
                    channel,
                    "participants-changed",
                    fields(
                            "conversationId",
                            p.conversationId(),
                            "added",
                            List.of(),
                            "removed",
                            p.staffIds(),
                            "by",
                            p.removedBy())));
        } else if (event instanceof ConversationCreated c) {
            for (long staffId : c.participantIds()) {
                out.add(new RealtimeEvent(
                        ChannelNames.staff(hotel, staffId),
                        "conversation-updated",
                        fields(
                                "conversationId",
                                c.conversationId(),
                                "kind",
                                c.kind().name(),
                                "title",
                                c.title(),
                                "joined",
                                true)));
            }
        } else if (event instanceof ConversationArchived a) {
            out.add(new RealtimeEvent(
                    a.scope() == com.staffchat.events.ArchiveScope.ALL
                            ? channel
                            : ChannelNames.staff(hotel, a.staffId()),
                    "conversation-updated",
                    fields(
                            "conversationId",
                            a.conversationId(),
                            "archived",
                            a.archived(),
                            "scope",
                            a.scope().name())));
        }
        return out;
    }

    /**
     * The {@code new-message} data: the message shape of {@link MessageSent}, field for field under
     * the same names (the one mapping from the event to Pusher), plus {@code truncated}. When that
     * would exceed the event limit, the short form: the body's first {@value #SHORT_FORM_CHARS}
     * code points and no mentions, reactions or attachments; the client fetches the rest.
     */
    Map<String, Object> newMessage(MessageSent m) {
        Map<String, Object> data = json.convertValue(m, new TypeReference<LinkedHashMap<String, Object>>() {});
        data.put("truncated", false);
        if (size(data) > maxEventBytes) {
            String body = m.body();
            if (body.codePointCount(0, body.length()) > SHORT_FORM_CHARS) {
                body = body.substring(0, body.offsetByCodePoints(0, SHORT_FORM_CHARS));
            }
            data.put("body", body);
            data.put("mentions", List.of());
            data.put("reactions", List.of());
            data.put("attachments", List.of());
            data.put("truncated", true);
        }
        return data;
    }

    private int size(Map<String, Object> data) {
        return json.writeValueAsString(data).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}

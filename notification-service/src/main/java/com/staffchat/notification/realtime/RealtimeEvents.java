package com.staffchat.notification.realtime;

import com.staffchat.events.ConversationArchived;
import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationMuted;
import com.staffchat.events.ConversationUpdated;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ParticipantRoleChanged;
import com.staffchat.events.ParticipantsAdded;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.ReactionAdded;
import com.staffchat.events.ReactionRemoved;
import com.staffchat.events.ReactionSummary;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.notification.projection.Recipient;
import com.staffchat.notification.projection.Recipients;
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

    /** How many reactors per emoji a {@code message-reaction} short form keeps. */
    static final int SHORT_FORM_REACTORS = 10;

    /** What a deleted message shows, as message-service's API answers it. */
    static final String DELETED_BODY = "[Message deleted]";

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
            // the same notice to every mentioned person's own channel: one trigger per 100 of them
            Map<String, Object> notice = mention(m);
            m.mentions().stream()
                    .distinct()
                    .filter(staffId -> staffId != m.senderId())
                    .forEach(staffId ->
                            out.add(new RealtimeEvent(ChannelNames.staff(hotel, staffId), "mention", notice)));
        } else if (event instanceof MessageEdited m) {
            out.add(new RealtimeEvent(channel, "message-edited", edited(m)));
        } else if (event instanceof MessageDeleted m) {
            out.add(new RealtimeEvent(channel, "message-deleted", deleted(m)));
        } else if (event instanceof ReactionAdded r) {
            out.add(new RealtimeEvent(
                    channel,
                    "message-reaction",
                    reaction(
                            r.messageId(),
                            r.conversationId(),
                            r.seq(),
                            r.staffId(),
                            r.emoji(),
                            "added",
                            r.reactions(),
                            r.at())));
        } else if (event instanceof ReactionRemoved r) {
            out.add(new RealtimeEvent(
                    channel,
                    "message-reaction",
                    reaction(
                            r.messageId(),
                            r.conversationId(),
                            r.seq(),
                            r.staffId(),
                            r.emoji(),
                            "removed",
                            r.reactions(),
                            r.at())));
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
            // the reader's own feed: every device of theirs updates its badges without a fetch
            out.add(new RealtimeEvent(
                    ChannelNames.staff(hotel, r.staffId()),
                    "unread-count",
                    fields(
                            "conversationId",
                            r.conversationId(),
                            "lastReadSeq",
                            r.lastReadSeq(),
                            "unreadCount",
                            r.unreadCount(),
                            "totalUnreadCount",
                            r.totalUnreadCount(),
                            "lastSeq",
                            r.lastReadSeq() + r.unreadCount(),
                            "exact",
                            true)));
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
                            u.updatedBy(),
                            "historyVisible",
                            u.historyVisible())));
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
            // each removed person's own feed: their screens close the conversation (the connection ends next)
            for (long staffId : p.staffIds()) {
                out.add(new RealtimeEvent(
                        ChannelNames.staff(hotel, staffId),
                        "removed-from-conversation",
                        fields(
                                "conversationId",
                                p.conversationId(),
                                "removedBy",
                                p.removedBy(),
                                "left",
                                p.removedBy() == staffId,
                                "at",
                                p.at().toString())));
            }
        } else if (event instanceof ParticipantRoleChanged r) {
            // who is an admin now: the same event as membership changes, with the role change
            out.add(new RealtimeEvent(
                    channel,
                    "participants-changed",
                    fields(
                            "conversationId",
                            r.conversationId(),
                            "added",
                            List.of(),
                            "removed",
                            List.of(),
                            "by",
                            r.changedBy(),
                            "roleChanged",
                            fields("staffId", r.staffId(), "role", r.role(), "automatic", r.automatic()))));
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
        } else if (event instanceof ConversationMuted m) {
            // a mute is the person's own: only their channel hears of it, never the conversation's
            out.add(new RealtimeEvent(
                    ChannelNames.staff(hotel, m.staffId()),
                    "conversation-updated",
                    fields(
                            "conversationId",
                            m.conversationId(),
                            "muted",
                            m.muted(),
                            "mutedUntil",
                            m.mutedUntil() == null ? null : m.mutedUntil().toString())));
        }
        return out;
    }

    /**
     * The {@code message-edited} data: the new body and mentions (what the edit changes) with the
     * message's place, plus {@code truncated}. Over the event limit, the short form: the body's first
     * {@value #SHORT_FORM_CHARS} code points and no mentions; the client fetches the message.
     */
    Map<String, Object> edited(MessageEdited m) {
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
            data.put("body", shortForm(m.body()));
            data.put("mentions", List.of());
            data.put("truncated", true);
        }
        return data;
    }

    /**
     * The {@code message-deleted} data: which message, by whom, and what the client shows in its
     * place: {@code body} is the placeholder, and the message's text, mentions, reactions, reply
     * preview and attachments are gone ({@code mode} HARD: the row is gone too; the client keeps a
     * "deleted" stub at its {@code seq} so it does not take the seq for a lost message).
     */
    Map<String, Object> deleted(MessageDeleted m) {
        return fields(
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
                m.deletedAt().toString(),
                "body",
                DELETED_BODY,
                "deleted",
                true);
    }

    /**
     * The {@code message-reaction} data: the change ({@code staffId}, {@code emoji}, {@code action})
     * and the message's reactions after it, so the client replaces its list. Over the event limit,
     * each emoji keeps its count and its first {@value #SHORT_FORM_REACTORS} staff ids
     * ({@code truncated: true}); if that is still too large, no list at all and the client fetches.
     */
    Map<String, Object> reaction(
            long messageId,
            long conversationId,
            long seq,
            long staffId,
            String emoji,
            String action,
            List<ReactionSummary> reactions,
            java.time.Instant at) {
        Map<String, Object> data = fields(
                "messageId",
                messageId,
                "conversationId",
                conversationId,
                "seq",
                seq,
                "staffId",
                staffId,
                "emoji",
                emoji,
                "action",
                action,
                "reactions",
                reactions,
                "at",
                at.toString(),
                "truncated",
                false);
        if (size(data) > maxEventBytes) {
            // as maps, so a field ReactionSummary gains later passes through unchanged
            List<Map<String, Object>> trimmed =
                    json.convertValue(reactions, new TypeReference<List<Map<String, Object>>>() {});
            trimmed.forEach(r -> {
                if (r.get("staffIds") instanceof List<?> ids && ids.size() > SHORT_FORM_REACTORS) {
                    r.put("staffIds", ids.subList(0, SHORT_FORM_REACTORS));
                }
            });
            data.put("reactions", trimmed);
            data.put("truncated", true);
            if (size(data) > maxEventBytes) {
                data.put("reactions", List.of());
            }
        }
        return data;
    }

    /**
     * The {@code mention} data: where the mention is ({@code conversationId}, {@code messageId},
     * {@code seq}), who wrote it, and a {@code preview} of at most {@value #PREVIEW_CHARS} code points
     * (an ellipsis where cut; "📎 photo" or "📎 file" for a message of attachments only).
     */
    Map<String, Object> mention(MessageSent m) {
        return fields(
                "conversationId",
                m.conversationId(),
                "messageId",
                m.id(),
                "seq",
                m.seq(),
                "senderId",
                m.senderId(),
                "preview",
                preview(m));
    }

    /** How many code points a {@code mention} preview keeps. */
    static final int PREVIEW_CHARS = 120;

    static String preview(MessageSent m) {
        if (m.deletedAt() != null) {
            return "";
        }
        String text = m.body() == null ? "" : m.body().strip().replaceAll("\\s+", " ");
        if (text.isEmpty() && !m.attachments().isEmpty()) {
            boolean photo = m.attachments().stream()
                    .allMatch(a -> a.contentType() != null && a.contentType().startsWith("image/"));
            return photo ? "📎 photo" : "📎 file";
        }
        if (text.codePointCount(0, text.length()) > PREVIEW_CHARS) {
            return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARS - 1)) + "…";
        }
        return text;
    }

    /**
     * The {@code unread-count} events after new messages in a conversation: to each participant
     * with something unread there but the sender of {@code latest} (the conversation's newest message
     * of the batch; one event per person however many messages the batch held). Up to {@code
     * exactMaxMembers} participants each gets their own counts ({@code exact: true}); above it, one
     * shared event to all their channels ({@code exact: false}) from which each client counts with
     * its own read position.
     */
    public List<RealtimeEvent> unreadAfterMessage(
            String hotel, MessageSent latest, Recipients members, int exactMaxMembers) {
        List<Recipient> unread = members.participants().stream()
                .filter(r -> r.staffId() != latest.senderId() && r.unreadCount() > 0)
                .toList();
        List<RealtimeEvent> out = new ArrayList<>(unread.size());
        if (members.memberCount() > exactMaxMembers) {
            Map<String, Object> shared = fields(
                    "conversationId",
                    members.conversationId(),
                    "lastSeq",
                    members.lastSeq(),
                    "messageId",
                    latest.id(),
                    "senderId",
                    latest.senderId(),
                    "exact",
                    false);
            unread.forEach(
                    r -> out.add(new RealtimeEvent(ChannelNames.staff(hotel, r.staffId()), "unread-count", shared)));
            return out;
        }
        for (Recipient r : unread) {
            out.add(new RealtimeEvent(
                    ChannelNames.staff(hotel, r.staffId()),
                    "unread-count",
                    fields(
                            "conversationId",
                            members.conversationId(),
                            "lastReadSeq",
                            r.lastReadSeq(),
                            "unreadCount",
                            r.unreadCount(),
                            "totalUnreadCount",
                            r.totalUnreadCount(),
                            "lastSeq",
                            members.lastSeq(),
                            "exact",
                            true)));
        }
        return out;
    }

    private static String shortForm(String body) {
        if (body.codePointCount(0, body.length()) > SHORT_FORM_CHARS) {
            return body.substring(0, body.offsetByCodePoints(0, SHORT_FORM_CHARS));
        }
        return body;
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
            data.put("body", shortForm(m.body()));
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

package com.staffchat.message.message;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.MessageKind;
import com.staffchat.events.MessageSent;
import com.staffchat.events.ReactionSummary;
import com.staffchat.events.ReplyPreview;
import com.staffchat.events.SystemNote;
import java.time.Instant;
import java.util.List;

/**
 * A message as the API returns it: the one message shape, with the names of {@link MessageSent}
 * and the Pusher {@code new-message} data. {@code seq} is its gapless position in the conversation.
 * {@code kind} SYSTEM: a membership, title or admin change recorded in the stream, its facts in
 * {@code system}.
 */
public record MessageView(
        long id,
        long conversationId,
        long seq,
        long senderId,
        String body,
        ReplyPreview replyTo,
        List<Long> mentions,
        List<ReactionSummary> reactions,
        List<AttachmentSummary> attachments,
        String clientId,
        Instant createdAt,
        Instant editedAt,
        Instant deletedAt,
        MessageKind kind,
        SystemNote system) {

    public MessageView {
        kind = kind == null ? MessageKind.USER : kind;
        if (deletedAt != null) {
            // a deleted message shows nothing of its content, whichever query or feature built the view
            body = MessageRepository.DELETED_BODY;
            replyTo = null;
            mentions = List.of();
            reactions = List.of();
            attachments = List.of();
            editedAt = null;
        }
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A person's message (kind {@code USER}). */
    public MessageView(
            long id,
            long conversationId,
            long seq,
            long senderId,
            String body,
            ReplyPreview replyTo,
            List<Long> mentions,
            List<ReactionSummary> reactions,
            List<AttachmentSummary> attachments,
            String clientId,
            Instant createdAt,
            Instant editedAt,
            Instant deletedAt) {
        this(
                id,
                conversationId,
                seq,
                senderId,
                body,
                replyTo,
                mentions,
                reactions,
                attachments,
                clientId,
                createdAt,
                editedAt,
                deletedAt,
                MessageKind.USER,
                null);
    }

    /** This message as stored under {@code id} and {@code seq}. */
    MessageView stored(long id, long seq) {
        return new MessageView(
                id,
                conversationId,
                seq,
                senderId,
                body,
                replyTo,
                mentions,
                reactions,
                attachments,
                clientId,
                createdAt,
                editedAt,
                deletedAt,
                kind,
                system);
    }

    /** This message with its reactions as one caller sees them (none when deleted). */
    MessageView withReactions(java.util.Map<Long, List<ReactionSummary>> byMessage) {
        return new MessageView(
                id,
                conversationId,
                seq,
                senderId,
                body,
                replyTo,
                mentions,
                deletedAt != null ? List.of() : byMessage.getOrDefault(id, List.of()),
                attachments,
                clientId,
                createdAt,
                editedAt,
                deletedAt,
                kind,
                system);
    }

    /** The event of this message having been sent: the one mapping from the view to the event. */
    MessageSent sent() {
        return new MessageSent(
                id,
                conversationId,
                seq,
                senderId,
                body,
                replyTo,
                mentions,
                reactions,
                attachments,
                clientId,
                createdAt,
                editedAt,
                deletedAt,
                kind,
                system);
    }

    /** The message an event describes: the one mapping back. */
    static MessageView of(MessageSent event) {
        return new MessageView(
                event.id(),
                event.conversationId(),
                event.seq(),
                event.senderId(),
                event.body(),
                event.replyTo(),
                event.mentions(),
                event.reactions(),
                event.attachments(),
                event.clientId(),
                event.createdAt(),
                event.editedAt(),
                event.deletedAt(),
                event.kind(),
                event.system());
    }
}

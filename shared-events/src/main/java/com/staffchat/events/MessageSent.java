package com.staffchat.events;

import java.time.Instant;
import java.util.List;

/**
 * A message was sent. Its fields are the one message shape: the API's message view and the
 * Pusher {@code new-message} data carry exactly these names. {@code id} is the message id (the
 * envelope's {@code id} is the event's). {@code seq} numbers the conversation's messages without
 * gaps, so a consumer that sees a gap knows it missed one. {@code mentions} (staff ids),
 * {@code reactions} and {@code attachments} are empty lists, never null; {@code replyTo},
 * {@code clientId}, {@code editedAt} and {@code deletedAt} may be null. {@code kind} is
 * {@code USER} (absent in older events: read as {@code USER}) or {@code SYSTEM}: a membership,
 * title or admin change the service recorded in the stream, with its facts in {@code system}
 * (null for a person's message).
 */
public record MessageSent(
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
        SystemNote system)
        implements ConversationEvent {

    public MessageSent {
        kind = kind == null ? MessageKind.USER : kind;
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A person's message (kind {@code USER}, no system note). */
    public MessageSent(
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
}

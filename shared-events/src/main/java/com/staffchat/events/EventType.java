package com.staffchat.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type: its CloudEvents {@code type} string, the record that is its {@code data}, the
 * topic it travels on and its current schema version. Adding a type here, a schema under
 * docs/events/schemas and a line in docs/events.md is what makes a new event.
 */
public enum EventType {
    CONVERSATION_CREATED("staffchat.conversation.created", ConversationCreated.class, Topics.CONVERSATIONS),
    CONVERSATION_UPDATED("staffchat.conversation.updated", ConversationUpdated.class, Topics.CONVERSATIONS),
    CONVERSATION_ARCHIVED("staffchat.conversation.archived", ConversationArchived.class, Topics.CONVERSATIONS),
    CONVERSATION_MUTED("staffchat.conversation.muted", ConversationMuted.class, Topics.CONVERSATIONS),
    PARTICIPANTS_ADDED("staffchat.conversation.participants-added", ParticipantsAdded.class, Topics.CONVERSATIONS),
    PARTICIPANTS_REMOVED(
            "staffchat.conversation.participants-removed", ParticipantsRemoved.class, Topics.CONVERSATIONS),
    PARTICIPANT_ROLE_CHANGED(
            "staffchat.conversation.participant-role-changed", ParticipantRoleChanged.class, Topics.CONVERSATIONS),
    MESSAGE_SENT("staffchat.message.sent", MessageSent.class, Topics.CONVERSATIONS),
    MESSAGE_EDITED("staffchat.message.edited", MessageEdited.class, Topics.CONVERSATIONS),
    MESSAGE_DELETED("staffchat.message.deleted", MessageDeleted.class, Topics.CONVERSATIONS),
    REACTION_ADDED("staffchat.reaction.added", ReactionAdded.class, Topics.CONVERSATIONS),
    REACTION_REMOVED("staffchat.reaction.removed", ReactionRemoved.class, Topics.CONVERSATIONS),
    MESSAGES_READ("staffchat.messages.read", MessagesRead.class, Topics.CONVERSATIONS),
    CONVERSATION_SNAPSHOT("staffchat.conversation.snapshot", ConversationSnapshot.class, Topics.CONVERSATIONS),
    ATTACHMENT_UPLOADED("staffchat.attachment.uploaded", AttachmentUploaded.class, Topics.ATTACHMENTS),
    THUMBNAIL_READY("staffchat.attachment.thumbnail-ready", ThumbnailReady.class, Topics.ATTACHMENTS),
    ATTACHMENT_DELETED("staffchat.attachment.deleted", AttachmentDeleted.class, Topics.ATTACHMENTS),
    STAFF_DEACTIVATED("staffchat.staff.deactivated", StaffDeactivated.class, Topics.STAFF),
    STAFF_REACTIVATED("staffchat.staff.reactivated", StaffReactivated.class, Topics.STAFF);

    /** The schema version every type is written with today; readers accept this and older. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::typeName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::payloadClass, Function.identity()));

    private final String typeName;
    private final Class<? extends EventPayload> payloadClass;
    private final String topic;

    EventType(String typeName, Class<? extends EventPayload> payloadClass, String topic) {
        this.typeName = typeName;
        this.payloadClass = payloadClass;
        this.topic = topic;
    }

    /** The CloudEvents {@code type}, e.g. {@code staffchat.message.sent}. */
    public String typeName() {
        return typeName;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    public static EventType of(EventPayload payload) {
        EventType type = BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException(
                    "no event type for " + payload.getClass().getName());
        }
        return type;
    }
}

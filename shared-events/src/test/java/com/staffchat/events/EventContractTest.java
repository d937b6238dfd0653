package com.staffchat.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every event type round-trips through JSON and validates against the schema committed under
 * docs/events/schemas, so a change that would break a consumer fails the build.
 */
class EventContractTest {

    static final Path DOCS = Path.of("..", "docs");
    static final Instant AT = Instant.parse("2026-11-24T08:15:30.123Z");
    static final EventCodec CODEC = new EventCodec();
    static final ObjectMapper SCHEMA_JSON = new ObjectMapper();

    static final Map<EventType, EventPayload> SAMPLES = new EnumMap<>(Map.ofEntries(
            Map.entry(
                    EventType.CONVERSATION_CREATED,
                    new ConversationCreated(7L, ConversationKind.GROUP, "Front desk", 1L, List.of(1L, 2L, 3L), AT)),
            Map.entry(
                    EventType.CONVERSATION_UPDATED,
                    new ConversationUpdated(7L, 1L, "Front desk night", null, null, AT, false)),
            Map.entry(EventType.CONVERSATION_ARCHIVED, new ConversationArchived(7L, 2L, ArchiveScope.SELF, true, AT)),
            Map.entry(
                    EventType.CONVERSATION_MUTED,
                    new ConversationMuted(7L, 2L, true, Instant.parse("2026-12-01T08:00:00Z"), AT)),
            Map.entry(EventType.PARTICIPANTS_ADDED, new ParticipantsAdded(7L, 1L, List.of(4L), AT)),
            Map.entry(EventType.PARTICIPANTS_REMOVED, new ParticipantsRemoved(7L, 4L, List.of(4L), AT)),
            Map.entry(EventType.PARTICIPANT_ROLE_CHANGED, new ParticipantRoleChanged(7L, 1L, 2L, "ADMIN", true, AT)),
            Map.entry(
                    EventType.MESSAGE_SENT,
                    new MessageSent(
                            9_100_000_000_000L,
                            7L,
                            3L,
                            1L,
                            "Room 12 needs towels 🙏",
                            new ReplyPreview(9_000_000_000_000L, 2L, "Which room?"),
                            List.of(2L),
                            List.of(new ReactionSummary("👍", 1, List.of(2L))),
                            List.of(new AttachmentSummary(
                                    "0b9f3c1e-6f7d-4f33-9d0c-2d1e4f5a6b7c", "towels.jpg", "image/jpeg", 48_213L)),
                            "c-42",
                            AT,
                            null,
                            null,
                            MessageKind.USER,
                            null)),
            Map.entry(
                    EventType.MESSAGE_EDITED,
                    new MessageEdited(9_100_000_000_000L, 7L, 3L, 1L, "Room 14 needs towels @anna", List.of(2L), AT)),
            Map.entry(
                    EventType.MESSAGE_DELETED,
                    new MessageDeleted(9_100_000_000_000L, 7L, 3L, 1L, 5L, DeleteMode.SOFT, AT)),
            Map.entry(
                    EventType.REACTION_ADDED,
                    new ReactionAdded(
                            9_100_000_000_000L,
                            7L,
                            3L,
                            2L,
                            "👍",
                            List.of(new ReactionSummary("👍", 2, List.of(3L, 2L))),
                            AT)),
            Map.entry(
                    EventType.REACTION_REMOVED,
                    new ReactionRemoved(9_100_000_000_000L, 7L, 3L, 2L, "👍", List.of(), AT)),
            Map.entry(EventType.MESSAGES_READ, new MessagesRead(7L, 2L, 3L, 0L, 4L, AT)),
            Map.entry(
                    EventType.CONVERSATION_SNAPSHOT,
                    new ConversationSnapshot(
                            7L,
                            ConversationKind.GROUP,
                            "Front desk",
                            3L,
                            List.of(
                                    new ConversationSnapshot.Participant(1L, "ADMIN", 3L, false, null),
                                    new ConversationSnapshot.Participant(
                                            2L, "MEMBER", 1L, true, Instant.parse("2026-12-01T08:00:00Z")),
                                    new ConversationSnapshot.Participant(3L, "MEMBER", 0L, true, null)),
                            AT)),
            Map.entry(
                    EventType.ATTACHMENT_UPLOADED,
                    new AttachmentUploaded(
                            "0b9f3c1e-6f7d-4f33-9d0c-2d1e4f5a6b7c", 7L, 1L, "towels.jpg", "image/jpeg", 48_213L, AT)),
            Map.entry(
                    EventType.THUMBNAIL_READY,
                    new ThumbnailReady("0b9f3c1e-6f7d-4f33-9d0c-2d1e4f5a6b7c", 7L, 320, 240, AT)),
            Map.entry(
                    EventType.ATTACHMENT_DELETED,
                    new AttachmentDeleted("0b9f3c1e-6f7d-4f33-9d0c-2d1e4f5a6b7c", 7L, 1L, DeletionReason.DELETED, AT)),
            Map.entry(EventType.STAFF_DEACTIVATED, new StaffDeactivated(4L, 1L, AT)),
            Map.entry(EventType.STAFF_REACTIVATED, new StaffReactivated(4L, 1L, AT))));

    @Test
    void aSystemMessageRoundTripsWithItsFactsAndOlderMessageEventsReadAsUserMessages() throws IOException {
        MessageSent system = new MessageSent(
                9_100_000_000_001L,
                7L,
                4L,
                1L,
                "Staff 1 added Staff 4",
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                AT,
                null,
                null,
                MessageKind.SYSTEM,
                new SystemNote(SystemNote.Action.PARTICIPANTS_ADDED, 1L, List.of(4L), null, null));
        String json = CODEC.encodeToString(EventEnvelope.wrap("message-service", "grand-budapest", system));
        assertThat(schemaOf(EventType.MESSAGE_SENT).validate(SCHEMA_JSON.readTree(json)))
                .isEmpty();
        assertThat(CODEC.decode(json).data()).isEqualTo(system);

        String older = CODEC.encodeToString(
                        EventEnvelope.wrap("message-service", "grand-budapest", SAMPLES.get(EventType.MESSAGE_SENT)))
                .replace(",\"kind\":\"USER\",\"system\":null", "");
        assertThat(older).doesNotContain("\"kind\"");
        MessageSent read = (MessageSent) CODEC.decode(older).data();
        assertThat(read.kind()).isEqualTo(MessageKind.USER);
        assertThat(read.system()).isNull();
    }

    @Test
    void everyEventTypeHasASample() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void roundTripsAndMatchesItsCommittedSchema(EventType type) throws IOException {
        EventEnvelope<EventPayload> envelope =
                EventEnvelope.wrap(UUID.randomUUID(), "message-service", "grand-budapest", AT, SAMPLES.get(type));

        String json = CODEC.encodeToString(envelope);
        Set<ValidationMessage> errors = schemaOf(type).validate(SCHEMA_JSON.readTree(json));
        assertThat(errors).as("%s against its schema", json).isEmpty();

        EventEnvelope<? extends EventPayload> decoded = CODEC.decode(json);
        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.type()).isEqualTo(type.typeName());
        if (type.topic().equals(Topics.STAFF)) {
            assertThat(decoded.key()).as("staff events are keyed by staff id").isEqualTo("4");
            assertThat(decoded.subject()).isEqualTo("4");
        } else {
            assertThat(decoded.key()).isEqualTo("7");
        }
        assertThat(type.topic()).isIn(Topics.CONVERSATIONS, Topics.ATTACHMENTS, Topics.STAFF);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRefusesAnEventMissingAField(EventType type) throws IOException {
        String json = CODEC.encodeToString(EventEnvelope.wrap("message-service", "grand-budapest", SAMPLES.get(type)));
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) SCHEMA_JSON.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("data"))
                .remove(type.topic().equals(Topics.STAFF) ? "staffId" : "conversationId");
        assertThat(schemaOf(type).validate(tree)).isNotEmpty();
    }

    @Test
    void committedSchemasAreExactlyTheKnownTypes() throws IOException {
        try (var files = Files.list(DOCS.resolve("events/schemas"))) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertThat(names)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values())
                            .map(t -> t.typeName() + ".json")
                            .toList());
        }
    }

    @Test
    void eventsDocNamesEveryTypeAndTopic() throws IOException {
        String doc = Files.readString(DOCS.resolve("events.md"));
        for (EventType type : EventType.values()) {
            assertThat(doc).as("docs/events.md mentions %s", type.typeName()).contains("`" + type.typeName() + "`");
        }
        assertThat(doc)
                .contains(
                        "`" + Topics.CONVERSATIONS + "`",
                        "`" + Topics.ATTACHMENTS + "`",
                        "`" + Topics.STAFF + "`",
                        "`" + Topics.deadLetter(Topics.CONVERSATIONS) + "`");
    }

    @Test
    void asyncApiDescribesEveryTypeWithItsSchema() throws IOException {
        String asyncApi = Files.readString(DOCS.resolve("asyncapi.yaml"));
        for (EventType type : EventType.values()) {
            assertThat(asyncApi).contains("name: " + type.typeName(), "./events/schemas/" + type.typeName() + ".json");
        }
        assertThat(asyncApi)
                .contains(
                        "address: " + Topics.CONVERSATIONS,
                        "address: " + Topics.ATTACHMENTS,
                        "address: " + Topics.STAFF);
    }

    /** The one message shape: the names MessageSent carries, in order. */
    static List<String> messageShape() {
        return Arrays.stream(MessageSent.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName)
                .toList();
    }

    @Test
    void eventsDocShowsTheMessageShapeByItsNames() throws IOException {
        String doc = Files.readString(DOCS.resolve("events.md"));
        String row = doc.lines()
                .filter(l -> l.startsWith("| `staffchat.message.sent` |"))
                .findFirst()
                .orElseThrow();
        List<String> named = java.util.regex.Pattern.compile("`([a-zA-Z]+)`")
                .matcher(row.substring(row.indexOf('|', 2)))
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(named).as("docs/events.md row of staffchat.message.sent").containsExactlyElementsOf(messageShape());
        assertThat(fieldNames(exampleAfter(doc, "<!-- message-sent example -->").get("data")))
                .as("docs/events.md example data")
                .containsExactlyElementsOf(messageShape());
    }

    @Test
    void apiDocShowsTheSameMessageShape() throws IOException {
        String doc = Files.readString(DOCS.resolve("api.md"));
        assertThat(fieldNames(exampleAfter(doc, "<!-- message example -->")))
                .as("docs/api.md message example")
                .containsExactlyElementsOf(messageShape());
        List<String> pusher = fieldNames(exampleAfter(doc, "<!-- new-message example -->"));
        assertThat(pusher).as("docs/api.md new-message example").endsWith("truncated");
        assertThat(pusher.subList(0, pusher.size() - 1)).containsExactlyElementsOf(messageShape());
    }

    private static com.fasterxml.jackson.databind.JsonNode exampleAfter(String doc, String marker) throws IOException {
        int at = doc.indexOf(marker);
        assertThat(at).as("marker %s", marker).isNotNegative();
        int start = doc.indexOf("```json", at) + "```json".length();
        return SCHEMA_JSON.readTree(doc.substring(start, doc.indexOf("```", start)));
    }

    private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void unknownTypeIsRefusedWithItsName() {
        String json = """
                {"id":"0b9f3c1e-6f7d-4f33-9d0c-2d1e4f5a6b7c","type":"staffchat.message.teleported",
                 "source":"x","time":"2026-11-24T08:15:30Z","subject":"7","tenant":"h","schemaVersion":1,"data":{}}""";
        assertThatThrownBy(() -> CODEC.decode(json))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("staffchat.message.teleported");
    }

    @Test
    void newerSchemaVersionIsRefused() {
        String json = CODEC.encodeToString(EventEnvelope.wrap("s", "h", SAMPLES.get(EventType.MESSAGES_READ)))
                .replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> CODEC.decode(json))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("schemaVersion");
    }

    @Test
    void malformedRecordsAreDecodingErrorsNotCrashes() {
        for (String bad : List.of(
                "",
                "not json",
                "[]",
                "{\"type\":\"staffchat.message.sent\"}",
                "{\"type\":\"staffchat.message.sent\",\"schemaVersion\":1,\"data\":{\"seq\":\"x\"}}")) {
            assertThatThrownBy(() -> CODEC.decode(bad)).as(bad).isInstanceOf(EventDecodingException.class);
        }
    }

    private static JsonSchema schemaOf(EventType type) throws IOException {
        String schema = Files.readString(DOCS.resolve("events/schemas/" + type.typeName() + ".json"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }
}

package com.staffchat.attachment.linking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.DeleteMode;
import com.staffchat.events.DeletionReason;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.ConsumerAutoConfiguration;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.S3ProxyServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The linking consumer and the clean-up against the local PostgreSQL, an embedded Kafka broker and S3Proxy. Rows are
 * inserted with SQL (the upload endpoint is built in parallel); events are published as message-service publishes
 * them, one conversation per test so each test's records share a partition and arrive in order.
 */
@SpringBootTest
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(LinkingIntegrationTest.RecordedRemovals.class)
class LinkingIntegrationTest {

    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final String SCHEMA = TestDatabase.freshSchema("attachment_linking");
    static final String BUCKET = "attachments-linking";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicLong CONVERSATIONS = new AtomicLong(1000);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("staffchat.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("staffchat.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("staffchat.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
        registry.add("staffchat.s3.bucket", () -> BUCKET);
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        // the scheduled run must not race the tests' own runs
        registry.add("staffchat.attachments.cleanup-interval", () -> "1h");
        registry.add("staffchat.attachments.cleanup-batch-size", () -> "2");
        // a broken record is dead-lettered after its retries: keep them short
        registry.add("staffchat.consumer.retry-max-elapsed", () -> "1s");
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        S3.close();
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    /** Every removal the package reports, recorded on its way to the real outbox (the service's own bean). */
    @TestConfiguration
    static class RecordedRemovals {
        static final List<Removal> REMOVED = new CopyOnWriteArrayList<>();
        static final AtomicInteger COMMITS = new AtomicInteger();

        @Bean
        @org.springframework.context.annotation.Primary
        AttachmentRemovals recordedRemovals(
                @org.springframework.beans.factory.annotation.Qualifier("outboxAttachmentRemovals")
                        AttachmentRemovals outbox) {
            return new AttachmentRemovals() {
                @Override
                public Mono<Void> removed(Removal removal) {
                    return outbox.removed(removal).doOnSuccess(v -> REMOVED.add(removal));
                }

                @Override
                public void committed() {
                    COMMITS.incrementAndGet();
                    outbox.committed();
                }
            };
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    DatabaseClient db;

    @Autowired
    S3AsyncClient s3;

    @Autowired
    UnsentCleanup cleanup;

    final EventCodec codec = new EventCodec();
    String hotel;
    long conversation;

    @BeforeEach
    void freshConversation() {
        hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        conversation = CONVERSATIONS.incrementAndGet();
        RecordedRemovals.REMOVED.clear();
    }

    @Test
    void messageSentLinksTheSendersRowsOfThatConversationOnly() {
        UUID photo = insert(hotel, conversation, 1, Instant.now());
        UUID order = insert(hotel, conversation, 1, Instant.now());
        UUID otherConversation = insert(hotel, conversation + 100_000, 1, Instant.now());
        UUID otherHotel = insert("elsewhere-" + hotel, conversation, 1, Instant.now());
        UUID otherUploader = insert(hotel, conversation, 2, Instant.now());
        UUID notNamed = insert(hotel, conversation, 1, Instant.now());

        publish(sent(77, List.of(photo, order, otherConversation, otherHotel, otherUploader)));

        await().atMost(WAIT).until(() -> messageOf(photo) != null && messageOf(order) != null);
        assertThat(messageOf(photo)).isEqualTo(77);
        assertThat(messageOf(order)).isEqualTo(77);
        for (UUID untouched : List.of(otherConversation, otherHotel, otherUploader, notNamed)) {
            assertThat(messageOf(untouched)).as(untouched.toString()).isNull();
        }
    }

    @Test
    void messageDeletedRemovesItsFilesAndThumbnailsAndMarksItsRows() {
        UUID photo = insert(hotel, conversation, 1, Instant.now());
        UUID order = insert(hotel, conversation, 1, Instant.now());
        UUID kept = insert(hotel, conversation, 1, Instant.now());
        for (UUID id : List.of(photo, order, kept)) {
            put(key(id));
        }
        put(key(photo) + "/thumb-small");
        put(key(photo) + "/thumb-large");
        put(key(kept) + "/thumb-small");
        publish(sent(81, List.of(photo, order)));
        publish(sent(82, List.of(kept)));
        await().atMost(WAIT).until(() -> messageOf(kept) != null);

        publish(deleted(81, DeleteMode.SOFT, 9));

        await().atMost(WAIT).until(() -> deletedAt(photo) != null && deletedAt(order) != null);
        assertThat(keys(conversation)).containsExactlyInAnyOrder(key(kept), key(kept) + "/thumb-small");
        assertThat(deletedAt(kept)).isNull();
        assertThat(RecordedRemovals.REMOVED)
                .extracting(Removal::attachmentId, Removal::reason, Removal::deletedBy, Removal::conversationId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(photo, DeletionReason.MESSAGE_DELETED, 9L, conversation),
                        org.assertj.core.groups.Tuple.tuple(order, DeletionReason.MESSAGE_DELETED, 9L, conversation));

        // and the outbox published them for everyone (notification-service tells the conversation)
        try (var events = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.ATTACHMENTS)) {
            java.util.Set<String> deletedIds = new java.util.HashSet<>();
            await().atMost(WAIT).until(() -> {
                for (var record : KafkaTestSupport.poll(events, 1, Duration.ofMillis(500))) {
                    if (codec.decode(record.value()).data() instanceof com.staffchat.events.AttachmentDeleted d
                            && d.conversationId() == conversation
                            && d.reason() == DeletionReason.MESSAGE_DELETED) {
                        deletedIds.add(d.attachmentId());
                    }
                }
                return deletedIds.containsAll(List.of(photo.toString(), order.toString()));
            });
        }

        // a hard delete of the other message removes its files as well
        publish(deleted(82, DeleteMode.HARD, 9));
        await().atMost(WAIT).until(() -> deletedAt(kept) != null);
        assertThat(keys(conversation)).isEmpty();
    }

    @Test
    void aRedeliveredEventChangesNothingTwice() {
        UUID photo = insert(hotel, conversation, 1, Instant.now());
        put(key(photo));
        publish(sent(91, List.of(photo)));
        EventEnvelope<MessageDeleted> delete =
                EventEnvelope.wrap("message-service", hotel, deletedEvent(91, DeleteMode.SOFT, 1));
        publish(delete);
        await().atMost(WAIT).until(() -> deletedAt(photo) != null);
        Instant firstDeletedAt = deletedAt(photo);
        int commits = RecordedRemovals.COMMITS.get();

        // the row comes back as if restored (and an object under its key), then the same delete is delivered again
        db.sql("update attachment set deleted_at = null where id = :id")
                .bind("id", photo)
                .then()
                .block(WAIT);
        put(key(photo));
        publish(delete);
        // a later event of the same conversation (same partition) shows the redelivery was consumed
        UUID marker = insert(hotel, conversation, 1, Instant.now());
        publish(sent(92, List.of(marker)));
        await().atMost(WAIT).until(() -> messageOf(marker) != null);

        assertThat(deletedAt(photo)).isNull();
        assertThat(keys(conversation)).containsExactly(key(photo));
        assertThat(RecordedRemovals.REMOVED).hasSize(1);
        assertThat(RecordedRemovals.COMMITS.get()).isEqualTo(commits);
        assertThat(firstDeletedAt).isNotNull();
        assertThat(processedRows(delete.id())).isEqualTo(1);
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAndTheNextOneIsProcessed() {
        try (var dlt =
                KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.deadLetter(Topics.CONVERSATIONS))) {
            byte[] garbage = "{not an event".getBytes(StandardCharsets.UTF_8);
            KafkaTestSupport.send(
                    broker.getBrokersAsString(), Topics.CONVERSATIONS, Long.toString(conversation), garbage);
            UUID photo = insert(hotel, conversation, 1, Instant.now());
            publish(sent(101, List.of(photo)));

            var dead = KafkaTestSupport.poll(dlt, 1, WAIT).stream()
                    .filter(r -> java.util.Arrays.equals(r.value(), garbage))
                    .toList();
            assertThat(dead).hasSize(1);
            assertThat(new String(
                            dead.get(0)
                                    .headers()
                                    .lastHeader(ConsumerAutoConfiguration.CONSUMER_HEADER)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("attachment-service");
            assertThat(dead.get(0).headers().lastHeader(ConsumerAutoConfiguration.REASON_HEADER))
                    .isNotNull();
            await().atMost(WAIT).until(() -> messageOf(photo) != null);
        }
    }

    @Test
    void cleanUpRemovesOldUnsentUploadsAndKeepsLinkedAndFreshOnes() {
        Instant old = Instant.now().minus(Duration.ofHours(25));
        // more than one batch (2 in this test) of old unsent uploads, with their files and a thumbnail
        List<UUID> expired = List.of(
                insert(hotel, conversation, 1, old),
                insert(hotel, conversation, 1, old),
                insert(hotel, conversation, 2, old));
        UUID linked = insert(hotel, conversation, 1, old);
        UUID fresh = insert(hotel, conversation, 1, Instant.now().minus(Duration.ofHours(23)));
        for (UUID id : List.of(expired.get(0), expired.get(1), expired.get(2), linked, fresh)) {
            put(key(id));
        }
        put(key(expired.get(0)) + "/thumb-small");
        publish(sent(111, List.of(linked)));
        await().atMost(WAIT).until(() -> messageOf(linked) != null);

        assertThat(cleanup.runOnce()).isGreaterThanOrEqualTo(3);

        for (UUID id : expired) {
            assertThat(deletedAt(id)).as(id.toString()).isNotNull();
        }
        assertThat(deletedAt(linked)).isNull();
        assertThat(deletedAt(fresh)).isNull();
        assertThat(keys(conversation)).containsExactlyInAnyOrder(key(linked), key(fresh));
        assertThat(RecordedRemovals.REMOVED)
                .filteredOn(r -> r.conversationId() == conversation)
                .extracting(Removal::attachmentId)
                .containsExactlyInAnyOrderElementsOf(expired);
        assertThat(RecordedRemovals.REMOVED)
                .filteredOn(r -> r.conversationId() == conversation)
                .allSatisfy(r -> {
                    assertThat(r.reason()).isEqualTo(DeletionReason.EXPIRED);
                    assertThat(r.event().deletedBy()).isZero();
                });

        // nothing left to do the second time
        RecordedRemovals.REMOVED.clear();
        cleanup.runOnce();
        assertThat(RecordedRemovals.REMOVED)
                .filteredOn(r -> r.conversationId() == conversation)
                .isEmpty();
    }

    // ---- helpers ----

    MessageSent sent(long messageId, List<UUID> attachments) {
        return new MessageSent(
                messageId,
                conversation,
                messageId,
                1,
                "",
                null,
                List.of(),
                List.of(),
                attachments.stream()
                        .map(id -> new AttachmentSummary(id.toString(), "f.jpg", "image/jpeg", 10))
                        .toList(),
                null,
                Instant.now(),
                null,
                null,
                null,
                null);
    }

    EventEnvelope<MessageDeleted> deleted(long messageId, DeleteMode mode, long by) {
        return EventEnvelope.wrap("message-service", hotel, deletedEvent(messageId, mode, by));
    }

    MessageDeleted deletedEvent(long messageId, DeleteMode mode, long by) {
        return new MessageDeleted(messageId, conversation, messageId, 1, by, mode, Instant.now());
    }

    void publish(EventPayload event) {
        publish(EventEnvelope.wrap("message-service", hotel, event));
    }

    void publish(EventEnvelope<?> envelope) {
        KafkaTestSupport.send(
                broker.getBrokersAsString(), Topics.CONVERSATIONS, Long.toString(conversation), codec.encode(envelope));
    }

    /**
     * An upload as V1's table holds it; its object key as the contract says ({hotel}/{conversation}/{uuid}). Columns
     * later migrations add as required (uploads' sha256) get a value when present, so this keeps working after merge.
     */
    UUID insert(String hotel, long conversationId, long uploader, Instant createdAt) {
        UUID id = UUID.randomUUID();
        boolean sha256 = Boolean.TRUE.equals(
                db.sql("""
                        select exists (select 1 from information_schema.columns where table_schema = current_schema()
                                       and table_name = 'attachment' and column_name = 'sha256') as present""").map(row -> row.get("present", Boolean.class)).one().block(WAIT));
        db.sql("insert into attachment (id, hotel, conversation_id, uploader_id, file_name, content_type, size_bytes,"
                        + " object_key, created_at" + (sha256 ? ", sha256" : "") + ")"
                        + " values (:id, :hotel, :c, :u, 'f.jpg', 'image/jpeg', 10, :key, :at"
                        + (sha256 ? ", repeat('0', 64)" : "") + ")")
                .bind("id", id)
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("u", uploader)
                .bind("key", hotel + "/" + conversationId + "/" + id)
                .bind("at", createdAt.atOffset(java.time.ZoneOffset.UTC))
                .then()
                .block(WAIT);
        return id;
    }

    String key(UUID id) {
        return hotel + "/" + conversation + "/" + id;
    }

    void put(String key) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), AsyncRequestBody.fromString("bytes of " + key))
                .join();
    }

    /** The keys in the bucket under this test's conversation. */
    List<String> keys(long conversationId) {
        return s3
                .listObjectsV2(b -> b.bucket(BUCKET).prefix(hotel + "/" + conversationId + "/"))
                .join()
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    Long messageOf(UUID id) {
        return db.sql("select message_id from attachment where id = :id")
                .bind("id", id)
                .map(row -> java.util.Optional.ofNullable(row.get("message_id", Long.class)))
                .one()
                .block(WAIT)
                .orElse(null);
    }

    Instant deletedAt(UUID id) {
        return db.sql("select deleted_at from attachment where id = :id")
                .bind("id", id)
                .map(row -> java.util.Optional.ofNullable(row.get("deleted_at", java.time.OffsetDateTime.class)))
                .one()
                .block(WAIT)
                .map(java.time.OffsetDateTime::toInstant)
                .orElse(null);
    }

    long processedRows(UUID eventId) {
        return db.sql("select count(*) as n from processed_events where event_id = :id")
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(WAIT);
    }
}

package com.staffchat.attachment.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.ThumbnailReady;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.S3ProxyServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The thumbnail job against the real stores: an image object in S3Proxy, its row in PostgreSQL, and
 * {@code ThumbnailReady} on the embedded Kafka broker. The job is started through its public entry
 * ({@link Thumbnails#makeFor}) as the upload will, and through the sweep as after a crash.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(partitions = 1, topics = Topics.ATTACHMENTS, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ThumbnailJobIntegrationTest {

    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final String SCHEMA = TestDatabase.freshSchema("attachment_thumb");
    static final String BUCKET = "attachments-thumb-it";
    static final String HOTEL = "grand-budapest";
    static final AtomicLong conversations = new AtomicLong(700);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("staffchat.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("staffchat.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("staffchat.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
        registry.add("staffchat.s3.bucket", () -> BUCKET);
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        // the test runs the sweep itself, when it wants to
        registry.add("staffchat.thumbnails.sweep.enabled", () -> "false");
        registry.add("staffchat.thumbnails.sweep.pending-after", () -> "30s");
    }

    @AfterAll
    static void cleanUp() throws SQLException {
        S3.close();
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Autowired
    Thumbnails thumbnails;

    @Autowired
    ThumbnailSweep sweep;

    @Autowired
    DatabaseClient db;

    @Autowired
    S3AsyncClient s3;

    @Autowired
    EmbeddedKafkaBroker broker;

    final EventCodec codec = new EventCodec();
    KafkaConsumer<String, byte[]> events;

    @BeforeEach
    void readEvents() {
        events = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.ATTACHMENTS);
    }

    @AfterEach
    void closeEvents() {
        events.close();
    }

    @Test
    void uploadedPhotoGetsTwoThumbnailsStoredRecordedAndAnnounced() throws Exception {
        AttachmentRef ref = uploaded("image/jpeg", ThumbnailMakerTest.jpeg(photo(2000, 1500)), Duration.ZERO);

        assertThat(thumbnails.makeFor(ref).block(Duration.ofSeconds(60))).isEqualTo(ThumbnailStatus.READY);

        BufferedImage small = stored(ref.objectKey() + "/thumb-small");
        BufferedImage large = stored(ref.objectKey() + "/thumb-large");
        assertThat(List.of(small.getWidth(), small.getHeight())).containsExactly(320, 240);
        assertThat(List.of(large.getWidth(), large.getHeight())).containsExactly(1280, 960);
        assertThat(ThumbnailMakerTest.colourAt(small, 40, 120)).isEqualTo(Color.RED);
        assertThat(ThumbnailMakerTest.colourAt(large, 1200, 480)).isEqualTo(Color.BLUE);

        Map<String, Object> row = row(ref);
        assertThat(row)
                .containsEntry("thumbnail_status", "READY")
                .containsEntry("thumbnail_key", ref.objectKey() + "/thumb-small")
                .containsEntry("thumbnail_small_width", 320)
                .containsEntry("thumbnail_small_height", 240)
                .containsEntry("thumbnail_large_key", ref.objectKey() + "/thumb-large")
                .containsEntry("thumbnail_large_width", 1280)
                .containsEntry("thumbnail_large_height", 960)
                .containsEntry("thumbnail_attempts", 1);

        ConsumerRecord<String, byte[]> record = onlyEventAbout(ref);
        assertThat(record.key()).isEqualTo(Long.toString(ref.conversationId()));
        EventEnvelope<?> envelope = codec.decode(record.value());
        assertThat(envelope.tenant()).isEqualTo(HOTEL);
        assertThat(envelope.type()).isEqualTo("staffchat.attachment.thumbnail-ready");
        ThumbnailReady ready = (ThumbnailReady) envelope.data();
        assertThat(ready.attachmentId()).isEqualTo(ref.attachmentId().toString());
        assertThat(ready.conversationId()).isEqualTo(ref.conversationId());
        assertThat(ready.width()).isEqualTo(320);
        assertThat(ready.height()).isEqualTo(240);

        // asked again (a retried call, a second instance): nothing more is made or announced
        assertThat(thumbnails.makeFor(ref).blockOptional(Duration.ofSeconds(10)))
                .isEmpty();
        assertThat(eventsAbout(ref, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void pdfGetsItsFirstPageAsThumbnail() throws Exception {
        AttachmentRef ref = uploaded(
                "application/pdf",
                ThumbnailMakerTest.pdf(org.apache.pdfbox.pdmodel.common.PDRectangle.A4),
                Duration.ZERO);

        assertThat(thumbnails.makeFor(ref).block(Duration.ofSeconds(60))).isEqualTo(ThumbnailStatus.READY);

        BufferedImage small = stored(ref.objectKey() + "/thumb-small");
        assertThat(List.of(small.getWidth(), small.getHeight())).containsExactly(226, 320);
        assertThat(stored(ref.objectKey() + "/thumb-large").getHeight()).isEqualTo(1280);
        assertThat(onlyEventAbout(ref)).isNotNull();
    }

    @Test
    void pixelBombEndsFailedWithNoThumbnailAndNoEvent() throws Exception {
        AttachmentRef ref = uploaded("image/png", ThumbnailMakerTest.pngDeclaring(100_000, 100_000), Duration.ZERO);

        assertThat(thumbnails.makeFor(ref).block(Duration.ofSeconds(30))).isEqualTo(ThumbnailStatus.FAILED);

        assertThat(row(ref)).containsEntry("thumbnail_status", "FAILED");
        assertThat((String) row(ref).get("thumbnail_error")).startsWith("PIXEL_BOMB");
        assertThat(exists(ref.objectKey() + "/thumb-small")).isFalse();
        assertThat(exists(ref.objectKey() + "/thumb-large")).isFalse();
        assertThat(eventsAbout(ref, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void corruptImageEndsFailedAndTheJobGoesOn() throws Exception {
        AttachmentRef corrupt = uploaded("image/jpeg", "not a jpeg".getBytes(), Duration.ZERO);
        AttachmentRef fine = uploaded("image/png", ThumbnailMakerTest.png(photo(64, 48)), Duration.ZERO);

        assertThat(thumbnails.makeFor(corrupt).block(Duration.ofSeconds(30))).isEqualTo(ThumbnailStatus.FAILED);
        assertThat((String) row(corrupt).get("thumbnail_error")).startsWith("UNREADABLE");
        assertThat(thumbnails.makeFor(fine).block(Duration.ofSeconds(30))).isEqualTo(ThumbnailStatus.READY);
        BufferedImage small = stored(fine.objectKey() + "/thumb-small");
        assertThat(List.of(small.getWidth(), small.getHeight()))
                .as("64 x 48 is kept, never enlarged")
                .containsExactly(64, 48);
    }

    @Test
    void typeWithoutThumbnailsEndsNone() throws Exception {
        AttachmentRef ref = uploaded("text/csv", "room,status\n101,clean\n".getBytes(), Duration.ZERO);

        assertThat(thumbnails.makeFor(ref).block(Duration.ofSeconds(30))).isEqualTo(ThumbnailStatus.NONE);

        assertThat(row(ref)).containsEntry("thumbnail_status", "NONE");
        assertThat(exists(ref.objectKey() + "/thumb-small")).isFalse();
    }

    @Test
    void deletedAttachmentGetsNoThumbnail() throws Exception {
        AttachmentRef ref = uploaded("image/jpeg", ThumbnailMakerTest.jpeg(photo(400, 300)), Duration.ZERO);
        db.sql("update attachment set deleted_at = now() where id = :id")
                .bind("id", ref.attachmentId())
                .fetch()
                .rowsUpdated()
                .block();

        assertThat(thumbnails.makeFor(ref).blockOptional(Duration.ofSeconds(30)))
                .isEmpty();
        assertThat(exists(ref.objectKey() + "/thumb-small")).isFalse();
    }

    @Test
    void sweepCatchesUpAnUploadWhoseThumbnailWasNeverStarted() throws Exception {
        // uploaded two minutes ago, then the instance crashed before it called makeFor
        AttachmentRef forgotten =
                uploaded("image/jpeg", ThumbnailMakerTest.jpeg(photo(800, 600)), Duration.ofMinutes(2));
        // uploaded a moment ago: its own makeFor may still be coming, so the sweep leaves it
        AttachmentRef recent = uploaded("image/jpeg", ThumbnailMakerTest.jpeg(photo(800, 600)), Duration.ZERO);

        assertThat(sweep.sweepOnce().block(Duration.ofSeconds(60))).isGreaterThanOrEqualTo(1L);

        assertThat(row(forgotten)).containsEntry("thumbnail_status", "READY");
        assertThat(stored(forgotten.objectKey() + "/thumb-large").getWidth()).isEqualTo(800);
        assertThat(onlyEventAbout(forgotten)).isNotNull();
        assertThat(row(recent)).containsEntry("thumbnail_status", "PENDING");
        assertThat(row(recent)).containsEntry("thumbnail_attempts", 0);
        assertThat(exists(recent.objectKey() + "/thumb-small")).isFalse();
    }

    @Test
    void attemptThatDiedIsTakenUpAgainOnlyAfterItsLease() throws Exception {
        AttachmentRef ref = uploaded("image/jpeg", ThumbnailMakerTest.jpeg(photo(800, 600)), Duration.ZERO);
        // an attempt started 10 seconds ago and its instance died: the lease (30 s) still holds
        db.sql("update attachment set thumbnail_attempts = 1, thumbnail_status_at = now() - interval '10 seconds'"
                        + " where id = :id")
                .bind("id", ref.attachmentId())
                .fetch()
                .rowsUpdated()
                .block();
        assertThat(thumbnails.makeFor(ref).blockOptional(Duration.ofSeconds(10)))
                .isEmpty();

        db.sql("update attachment set thumbnail_status_at = now() - interval '40 seconds' where id = :id")
                .bind("id", ref.attachmentId())
                .fetch()
                .rowsUpdated()
                .block();
        sweep.sweepOnce().block(Duration.ofSeconds(60));

        assertThat(row(ref)).containsEntry("thumbnail_status", "READY").containsEntry("thumbnail_attempts", 2);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Stores {@code bytes} as a new attachment's object and inserts its row, uploaded {@code ago}. */
    AttachmentRef uploaded(String contentType, byte[] bytes, Duration ago) {
        long conversation = conversations.incrementAndGet();
        UUID id = UUID.randomUUID();
        String key = HOTEL + "/" + conversation + "/" + id;
        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType(contentType), AsyncRequestBody.fromBytes(bytes))
                .join();
        db.sql(
                        "insert into attachment (id, hotel, conversation_id, uploader_id, file_name, content_type,"
                                + " size_bytes, sha256, object_key, created_at, thumbnail_status_at)"
                                + " values (:id, :hotel, :conversation, 7, 'file', :type, :size, repeat('0', 64), :key,"
                                + " now() - :agoMillis * interval '1 millisecond', now() - :agoMillis * interval '1 millisecond')")
                .bind("id", id)
                .bind("hotel", HOTEL)
                .bind("conversation", conversation)
                .bind("type", contentType)
                .bind("size", (long) bytes.length)
                .bind("key", key)
                .bind("agoMillis", ago.toMillis())
                .fetch()
                .rowsUpdated()
                .block();
        return new AttachmentRef(HOTEL, id, conversation, key, contentType);
    }

    /** Left half red, right half blue. */
    static BufferedImage photo(int width, int height) {
        return ThumbnailMakerTest.halves(width, height, Color.RED, Color.BLUE);
    }

    BufferedImage stored(String key) throws Exception {
        byte[] bytes = s3.getObject(b -> b.bucket(BUCKET).key(key), AsyncResponseTransformer.toBytes())
                .join()
                .asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as(key + " is an image").isNotNull();
        return image;
    }

    boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(BUCKET).key(key)).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof software.amazon.awssdk.services.s3.model.S3Exception s
                            && s.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    Map<String, Object> row(AttachmentRef ref) {
        return db.sql("select * from attachment where id = :id")
                .bind("id", ref.attachmentId())
                .fetch()
                .one()
                .block(Duration.ofSeconds(5));
    }

    final List<ConsumerRecord<String, byte[]>> seen = new java.util.ArrayList<>();

    List<ConsumerRecord<String, byte[]>> eventsAbout(AttachmentRef ref, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            events.poll(Duration.ofMillis(200)).forEach(seen::add);
        } while (System.nanoTime() < deadline);
        return seen.stream()
                .filter(r -> new String(r.value()).contains(ref.attachmentId().toString()))
                .toList();
    }

    ConsumerRecord<String, byte[]> onlyEventAbout(AttachmentRef ref) {
        List<ConsumerRecord<String, byte[]>> about = eventsAbout(ref, Duration.ofSeconds(3));
        assertThat(about).hasSize(1);
        return about.get(0);
    }
}

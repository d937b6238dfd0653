package com.staffchat.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.support.consumer.EventHandlingException;
import com.staffchat.support.consumer.ProcessedEvents;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * The consumer kit's processed-events record on notification-service's migrated schema: one row per
 * (consumer, event id), written with a database effect in one transaction, pruned on a schedule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = 1,
        topics = Topics.CONVERSATIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ProcessedEventsIntegrationTest {

    static final String SCHEMA = TestDatabase.freshSchema("notification_processed");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> "http://k:s@127.0.0.1:1/apps/1");
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
        registry.add("staffchat.consumer.processed-events.retention", () -> "1d");
        registry.add("staffchat.consumer.processed-events.prune-interval", () -> "1s");
    }

    @Autowired
    ProcessedEvents processed;

    @Autowired
    DatabaseClient db;

    static EventEnvelope<MessageSent> event() {
        return EventEnvelope.wrap(
                "message-service",
                "grand-budapest",
                new MessageSent(
                        70, 7, 1, 1, "hello", null, List.of(), List.of(), List.of(), null, Instant.now(), null, null));
    }

    @Test
    void twoHandlersOfOneEventEachRunOnceAndNeitherSkipsTheOther() {
        var event = event();
        AtomicInteger realtime = new AtomicInteger();
        AtomicInteger push = new AtomicInteger();

        assertThat(processed.afterEffect("notification-realtime", event, realtime::incrementAndGet))
                .isTrue();
        assertThat(processed.afterEffect("notification-realtime", event, realtime::incrementAndGet))
                .isFalse();
        assertThat(processed.afterEffect("notification-push", event, push::incrementAndGet))
                .isTrue();
        assertThat(processed.afterEffect("notification-push", event, push::incrementAndGet))
                .isFalse();

        assertThat(realtime).hasValue(1);
        assertThat(push).hasValue(1);
    }

    @Test
    void aBatchIsLookedUpInOneQueryAndRecordedInOneInsertPerConsumer() {
        var first = event();
        var second = event();
        var third = event();
        assertThat(processed
                        .processedAmong("notification-realtime", List.of(first.id(), second.id(), third.id()))
                        .block())
                .isEmpty();

        // a second copy of an event in the same batch is recorded once
        assertThat(processed
                        .recordAll("notification-realtime", List.of(first, third, first))
                        .block())
                .isEqualTo(2);
        assertThat(processed
                        .recordAll("notification-realtime", List.of(first, second))
                        .block())
                .as("only the new one")
                .isEqualTo(1);

        assertThat(processed
                        .processedAmong("notification-realtime", List.of(first.id(), second.id(), third.id()))
                        .block())
                .containsExactlyInAnyOrder(first.id(), second.id(), third.id());
        assertThat(processed
                        .processedAmong("notification-push", List.of(first.id()))
                        .block())
                .as("another handler of the same events")
                .isEmpty();
        assertThat(processed.processedAmong("notification-realtime", List.of()).block())
                .isEmpty();
    }

    @Test
    void aFailedHandlerIsNotRecordedSoItRunsAgainOnRedelivery() {
        var event = event();
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> processed.afterEffect("notification-push", event, () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("FCM said no");
                }))
                .isInstanceOf(EventHandlingException.class)
                .hasMessageContaining("notification-push");
        assertThat(processed.afterEffect("notification-push", event, attempts::incrementAndGet))
                .isTrue();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aDatabaseEffectAndItsRecordCommitOrRollBackTogether() {
        db.sql("create table if not exists test_effect (event_id uuid, consumer text)")
                .then()
                .block();
        var event = event();
        Mono<?> effect = db.sql("insert into test_effect (event_id, consumer) values (:id, 'projection')")
                .bind("id", event.id())
                .then();

        // the effect fails after its insert: neither the insert nor the record stays
        Mono<?> failing = effect.then(Mono.error(new IllegalStateException("constraint")));
        assertThatThrownBy(() -> processed
                        .inTransaction("projection", event, () -> failing)
                        .block())
                .isInstanceOf(EventHandlingException.class);
        assertThat(effectRows(event.id())).isZero();
        assertThat(processed.contains("projection", event.id()).block()).isFalse();

        assertThat(processed.inTransaction("projection", event, () -> effect).block())
                .isTrue();
        assertThat(processed.inTransaction("projection", event, () -> effect).block())
                .isFalse();
        assertThat(effectRows(event.id())).isEqualTo(1);
    }

    @Test
    void rowsOlderThanTheRetentionArePrunedOnScheduleAndNewerOnesKept() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        db.sql("insert into processed_events (consumer, event_id, event_type, processed_at)"
                        + " values ('notification-realtime', :old, 't', now() - interval '2 days'),"
                        + " ('notification-realtime', :recent, 't', now() - interval '20 hours')")
                .bind("old", old)
                .bind("recent", recent)
                .then()
                .block();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> !processed.contains("notification-realtime", old).block());
        assertThat(processed.contains("notification-realtime", recent).block()).isTrue();
    }

    long effectRows(UUID eventId) {
        return db.sql("select count(*) as n from test_effect where event_id = :id")
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}

package com.staffchat.notification.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationKind;
import com.staffchat.events.ConversationMuted;
import com.staffchat.events.ConversationSnapshot;
import com.staffchat.events.ConversationUpdated;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageKind;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ParticipantsAdded;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.SystemNote;
import com.staffchat.events.Topics;
import com.staffchat.notification.realtime.ConversationPipelineTest;
import com.staffchat.support.consumer.ConsumerAutoConfiguration;
import com.staffchat.testsupport.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The projection on the local PostgreSQL, fed through the conversation listener from the embedded
 * broker (and, for a batch and a snapshot, through its entry directly): the state each event type
 * leaves, unread counts and totals as message-service counts them, a redelivered event applied once,
 * and a snapshot replacing a conversation.
 */
class ProjectionIntegrationTest extends ConversationPipelineTest {

    static final AtomicLong messageIds = new AtomicLong(61_000);
    static final Instant MUTE_END = Instant.parse("2026-12-01T07:00:00Z");

    @Autowired
    Projection projection;

    @Autowired
    DatabaseClient db;

    @Autowired
    WatchedFeeds feeds;

    @Test
    void eachEventTypeLeavesTheStateMessageServiceHasAndARedeliveryAppliesOnce() {
        long c = 6101;
        long other = 6102;
        // 22 has one unread message elsewhere, so their total is more than this conversation's count
        // (staff ids of this test only: no other test's conversations count in their totals)
        publish(new ConversationCreated(other, ConversationKind.DIRECT, null, 25, List.of(22L, 25L), AT));
        publish(message(other, 1, 25));

        var created = publish(
                new ConversationCreated(c, ConversationKind.GROUP, "Night shift", 21, List.of(21L, 22L, 23L), AT));
        Recipients afterCreate = awaitRecipients(c, r -> r.memberCount() == 3);
        assertThat(afterCreate.lastSeq()).isZero();
        assertThat(afterCreate.participants()).allSatisfy(p -> {
            assertThat(p.lastReadSeq()).isZero();
            assertThat(p.muted()).isFalse();
        });
        assertThat(conversationRow(c)).containsEntry("kind", "GROUP").containsEntry("title", "Night shift");

        publish(message(c, 1, 21));
        Recipients afterMessage = awaitRecipients(c, r -> r.lastSeq() == 1);
        assertThat(person(afterMessage, 21).lastReadSeq())
                .as("the sender has read their own message")
                .isEqualTo(1);
        assertThat(person(afterMessage, 21).unreadCount()).isZero();
        assertThat(person(afterMessage, 22).unreadCount()).isEqualTo(1);
        assertThat(person(afterMessage, 22).totalUnreadCount())
                .as("1 here + 1 in the direct conversation")
                .isEqualTo(2);
        assertThat(person(afterMessage, 23).totalUnreadCount()).isEqualTo(1);

        publish(new MessagesRead(c, 22, 1, 0, 1, AT));
        awaitRecipients(
                c, r -> person(r, 22).lastReadSeq() == 1 && person(r, 22).totalUnreadCount() == 1);

        publish(new ConversationMuted(c, 23, true, MUTE_END, AT));
        Recipients muted = awaitRecipients(c, r -> person(r, 23).muted());
        assertThat(person(muted, 23).mutedUntil()).isEqualTo(MUTE_END);
        assertThat(person(muted, 23).mutedAt(MUTE_END.minusSeconds(1))).isTrue();
        assertThat(person(muted, 23).mutedAt(MUTE_END))
                .as("the mute has lapsed at its end")
                .isFalse();

        publish(new ConversationUpdated(c, 21, "Night desk", null, null, AT));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Night desk".equals(conversationRow(c).get("title")));

        // an addition is followed by its system message, which the new member has read (nothing unread at join)
        publish(new ParticipantsAdded(c, 21, List.of(24L), AT));
        publish(system(c, 2, 21, SystemNote.Action.PARTICIPANTS_ADDED, List.of(24L)));
        Recipients added = awaitRecipients(c, r -> r.memberCount() == 4 && r.lastSeq() == 2);
        assertThat(person(added, 24).lastReadSeq()).isEqualTo(2);
        assertThat(person(added, 24).unreadCount()).isZero();
        assertThat(person(added, 23).unreadCount()).isEqualTo(2);

        publish(new ParticipantsRemoved(c, 21, List.of(23L), AT));
        awaitRecipients(c, r -> r.memberCount() == 3);

        // the creation again (same event id): applied again, it would bring 23 back
        publish(created);
        publish(new MessagesRead(c, 22, 2, 0, 1, AT)); // after the redelivery on the same partition
        Recipients end = awaitRecipients(c, r -> person(r, 22).lastReadSeq() == 2);
        assertThat(end.participants()).extracting(Recipient::staffId).containsExactly(21L, 22L, 24L);
        assertThat(processedRows(created.id())).isEqualTo(1);
    }

    @Test
    void aBatchIsFoldedInOrderAndAppliedOnce() {
        long c = 6201;
        var batch = List.of(
                envelope(new ConversationCreated(c, ConversationKind.GROUP, "Linen", 1, List.of(1L, 2L), AT)),
                envelope(message(c, 1, 1)),
                envelope(message(c, 2, 2)),
                envelope(new ConversationMuted(c, 2, true, null, AT)),
                envelope(new ParticipantsRemoved(c, 1, List.of(2L), AT)),
                envelope(new ParticipantsAdded(c, 1, List.of(2L, 3L), AT)),
                envelope(message(c, 3, 1)));
        projection.apply(batch).block();

        Recipients state = projection.recipients(HOTEL, c).block();
        assertThat(state.lastSeq()).isEqualTo(3);
        assertThat(person(state, 1).lastReadSeq()).isEqualTo(3);
        assertThat(person(state, 2).lastReadSeq())
                .as("added again at seq 2: starts afresh")
                .isEqualTo(2);
        assertThat(person(state, 2).muted())
                .as("their mute went with the removal")
                .isFalse();
        assertThat(person(state, 3).lastReadSeq()).isEqualTo(2);
        assertThat(person(state, 3).unreadCount()).isEqualTo(1);

        projection
                .apply(List.of(envelope(new ConversationMuted(c, 2, true, null, AT))))
                .block();
        projection.apply(batch).block(); // redelivered: applied again, the removal and addition would unmute 2

        Recipients after = projection.recipients(HOTEL, c).block();
        assertThat(person(after, 2).muted()).isTrue();
        assertThat(after.participants()).extracting(Recipient::staffId).containsExactly(1L, 2L, 3L);
    }

    @Test
    void unreadCountRecipientsCanBeOnlyThoseWatchingTheirOwnChannelWhileTheMemberCountCountsEveryone() {
        long c = 6901; // ids of this test only
        projection
                .apply(List.of(
                        envelope(new ConversationCreated(
                                c, ConversationKind.GROUP, "Spa", 31, List.of(31L, 32L, 33L, 34L), AT)),
                        envelope(message(c, 1, 31)),
                        envelope(new MessagesRead(c, 34, 1, 0, 0, AT))))
                .block();
        feeds.occupied(HOTEL, 32, AT).block();
        feeds.occupied(HOTEL, 34, AT).block(); // watching, but has read everything
        feeds.occupied("other-hotel", 33, AT).block(); // the same staff id in another hotel is someone else

        var conversation = List.of(new Projection.Conversation(HOTEL, c));
        Recipients watching = projection
                .recipientsOf(conversation, 100, Projection.Who.UNREAD_WATCHING)
                .block()
                .get(0);
        assertThat(watching.participants()).extracting(Recipient::staffId).containsExactly(32L);
        assertThat(watching.memberCount())
                .as("the group's size, for exact or shared counts")
                .isEqualTo(4);
        assertThat(person(watching, 32).totalUnreadCount()).isEqualTo(1);

        Recipients unread = projection
                .recipientsOf(conversation, 100, Projection.Who.UNREAD)
                .block()
                .get(0);
        assertThat(unread.participants()).extracting(Recipient::staffId).containsExactly(32L, 33L);
        assertThat(unread.memberCount()).isEqualTo(4);

        feeds.vacated(HOTEL, 32).block();
        assertThat(projection
                        .recipientsOf(conversation, 100, Projection.Who.UNREAD_WATCHING)
                        .block()
                        .get(0)
                        .participants())
                .as("nobody watching: nobody to send to")
                .isEmpty();
        assertThat(feeds.isWatched(HOTEL, 34).block()).isTrue();
        assertThat(feeds.isWatched(HOTEL, 32).block()).isFalse();
    }

    @Test
    void aSnapshotReplacesTheConversationAndOtherHotelsStayApart() {
        long c = 6301;
        projection
                .apply(List.of(
                        envelope(new ConversationCreated(c, ConversationKind.GROUP, "Spa", 1, List.of(1L, 2L, 3L), AT)),
                        envelope(message(c, 1, 1)),
                        envelope(new ConversationMuted(c, 2, true, MUTE_END, AT))))
                .block();

        projection
                .replaceConversation(
                        HOTEL,
                        new ConversationState(
                                c,
                                ConversationKind.GROUP,
                                "Spa & pool",
                                10,
                                List.of(
                                        new ConversationState.Participant(1, 10, false, null),
                                        new ConversationState.Participant(4, 7, true, null))))
                .block();

        Recipients state = projection.recipients(HOTEL, c).block();
        assertThat(state.lastSeq()).isEqualTo(10);
        assertThat(state.participants()).extracting(Recipient::staffId).containsExactly(1L, 4L);
        assertThat(person(state, 4).unreadCount()).isEqualTo(3);
        assertThat(person(state, 4).muted()).isTrue();
        assertThat(person(state, 4).mutedUntil()).isNull();
        assertThat(conversationRow(c)).containsEntry("title", "Spa & pool");

        assertThat(projection.recipients("other-hotel", c).block().participants())
                .as("the same id in another hotel is another conversation")
                .isEmpty();
    }

    @Test
    void aSnapshotOnTheTopicReplacesTheStateWhereItStandsAndLaterEventsApplyOnTopOfIt() {
        long c = 6351;
        // the projection holds a wrong state (as after a lost or partial history): 3 and 5 members, seq 9 read by 3
        projection
                .apply(List.of(
                        envelope(new ConversationCreated(c, ConversationKind.GROUP, "Bar", 1, List.of(1L, 3L, 5L), AT)),
                        envelope(new MessagesRead(c, 3, 9, 0, 0, AT))))
                .block();

        // one batch: an event before the snapshot (overwritten by it), the snapshot, an event after it
        var before = envelope(new ConversationUpdated(c, 1, "Old bar", null, null, AT));
        var snapshot = envelope(new ConversationSnapshot(
                c,
                ConversationKind.GROUP,
                "Bar & lounge",
                4,
                List.of(
                        new ConversationSnapshot.Participant(1, "ADMIN", 4, false, null),
                        new ConversationSnapshot.Participant(2, "MEMBER", 1, true, MUTE_END)),
                AT));
        var after = envelope(message(c, 5, 1));
        projection.apply(List.of(before, snapshot, after)).block();

        Recipients state = projection.recipients(HOTEL, c).block();
        assertThat(state.participants())
                .as("exactly the snapshot's participants")
                .extracting(Recipient::staffId)
                .containsExactly(1L, 2L);
        assertThat(state.lastSeq())
                .as("the message after the snapshot on top of its seq 4")
                .isEqualTo(5);
        assertThat(person(state, 2).unreadCount()).isEqualTo(4);
        assertThat(person(state, 2).mutedUntil()).isEqualTo(MUTE_END);
        assertThat(conversationRow(c)).containsEntry("title", "Bar & lounge");

        // redelivered, the snapshot is not applied again: the later message stays
        projection.apply(List.of(snapshot)).block();
        assertThat(projection.recipients(HOTEL, c).block().lastSeq()).isEqualTo(5);
        assertThat(processedRows(snapshot.id())).isEqualTo(1);
    }

    @Test
    void aBatchTheDatabaseRefusesIsAppliedUpToTheRecordItRefuses() {
        long c = 6401;
        var batch = List.of(
                envelope(new ConversationCreated(c, ConversationKind.GROUP, "Laundry", 1, List.of(1L, 2L), AT)),
                envelope(new ConversationUpdated(c, 1, "nul \0 byte", null, null, AT)), // PostgreSQL text has no NUL
                envelope(message(c, 1, 1)));

        assertThatThrownBy(() -> projection.apply(batch).block())
                .isInstanceOfSatisfying(Projection.EventNotApplied.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.eventId()).isEqualTo(batch.get(1).id());
                });
        Recipients state = projection.recipients(HOTEL, c).block();
        assertThat(state.participants()).as("the record before it was applied").hasSize(2);
        assertThat(state.lastSeq()).as("the record after it was not").isZero();
        assertThat(processedRows(batch.get(0).id())).isEqualTo(1);
        assertThat(processedRows(batch.get(1).id())).isZero();
    }

    @Test
    void aRecordTheProjectionRefusesIsDeadLetteredUnderItsNameAndTheOthersGoOn() {
        long c = 6501;
        String deadLetters = Topics.deadLetter(Topics.CONVERSATIONS);
        try (var dlt = KafkaTestSupport.consumer(broker.getBrokersAsString(), deadLetters)) {
            publish(new ConversationCreated(c, ConversationKind.GROUP, "Garage", 1, List.of(1L, 2L), AT));
            var refused = publish(new ConversationUpdated(c, 1, "nul \0 byte", null, null, AT));
            publish(message(c, 1, 1));

            var records = KafkaTestSupport.poll(dlt, 1, Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(Long.toString(c));
            assertThat(header(records.get(0), ConsumerAutoConfiguration.CONSUMER_HEADER))
                    .isEqualTo(Projection.CONSUMER);
            assertThat(codec.decode(records.get(0).value()).id()).isEqualTo(refused.id());
            assertThat(header(records.get(0), ConsumerAutoConfiguration.REASON_HEADER))
                    .as("PostgreSQL's refusal")
                    .contains("0x00");
            awaitRecipients(c, r -> r.lastSeq() == 1); // the record after it went on
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Recipients awaitRecipients(long conversationId, Predicate<Recipients> condition) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> projection.recipients(HOTEL, conversationId).block(), r -> {
                    try {
                        return condition.test(r);
                    } catch (IllegalStateException notThereYet) {
                        return false;
                    }
                });
    }

    static Recipient person(Recipients recipients, long staffId) {
        return recipients.participants().stream()
                .filter(p -> p.staffId() == staffId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(staffId + " does not take part"));
    }

    private Map<String, Object> conversationRow(long conversationId) {
        return db.sql(
                        "select kind, title, last_seq from projected_conversation where hotel = :h and conversation_id = :c")
                .bind("h", HOTEL)
                .bind("c", conversationId)
                .fetch()
                .one()
                .blockOptional()
                .orElse(Map.of());
    }

    private long processedRows(UUID eventId) {
        return db.sql("select count(*) as n from processed_events where consumer = :consumer and event_id = :id")
                .bind("consumer", Projection.CONSUMER)
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    static EventEnvelope<ConversationEvent> envelope(ConversationEvent event) {
        return EventEnvelope.wrap("message-service", HOTEL, event);
    }

    static MessageSent message(long conversationId, long seq, long senderId) {
        return new MessageSent(
                messageIds.incrementAndGet(),
                conversationId,
                seq,
                senderId,
                "message " + seq,
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                AT,
                null,
                null);
    }

    static MessageSent system(long conversationId, long seq, long actorId, SystemNote.Action action, List<Long> who) {
        return new MessageSent(
                messageIds.incrementAndGet(),
                conversationId,
                seq,
                actorId,
                "system",
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                AT,
                null,
                null,
                MessageKind.SYSTEM,
                new SystemNote(action, actorId, who, null, null));
    }
}

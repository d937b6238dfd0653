package com.staffchat.notification.projection;

import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationSnapshot;
import com.staffchat.events.EventEnvelope;
import com.staffchat.notification.projection.ProjectionChanges.ConversationKey;
import com.staffchat.support.consumer.FailureClassifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The projection's public entry: applies the conversation topic's events a batch at a time (exactly
 * once per event, under the consumer name {@value #CONSUMER}), replaces a conversation from a
 * snapshot, and answers who takes part in a conversation with their unread counts and mutes.
 */
@Component
public class Projection {

    /** The projection's name in processed_events and in dead-letter headers. */
    public static final String CONSUMER = "notification-projection";

    private final ProjectionRepository repository;
    private final TransactionalOperator tx;

    Projection(ProjectionRepository repository, TransactionalOperator tx) {
        this.repository = repository;
        this.tx = tx;
    }

    /**
     * Applies a batch's events, in order, in one transaction that also records them as processed, so
     * an event applied before (a redelivery, a second copy in the batch) is skipped. When the batch
     * fails for a reason other than an outage, its events are applied one at a time, each in its own
     * transaction, up to the one that fails: that one is reported as {@link EventNotApplied} with its
     * index, and the events before it have been applied.
     */
    public Mono<Void> apply(List<? extends EventEnvelope<? extends ConversationEvent>> envelopes) {
        if (envelopes.isEmpty()) {
            return Mono.empty();
        }
        return together(envelopes)
                .onErrorResume(e -> envelopes.size() > 1 && !FailureClassifier.isDependencyOutage(e), e -> Flux.range(
                                0, envelopes.size())
                        .concatMap(i -> together(List.of(envelopes.get(i)))
                                .onErrorMap(
                                        f -> !FailureClassifier.isDependencyOutage(f),
                                        f -> new EventNotApplied(
                                                i, envelopes.get(i).id(), f)))
                        .then())
                .onErrorMap(
                        e -> envelopes.size() == 1
                                && !(e instanceof EventNotApplied)
                                && !FailureClassifier.isDependencyOutage(e),
                        e -> new EventNotApplied(0, envelopes.get(0).id(), e));
    }

    private Mono<Void> together(List<? extends EventEnvelope<? extends ConversationEvent>> envelopes) {
        Mono<Void> work = repository.recordNew(CONSUMER, envelopes).flatMap(fresh -> {
            Set<UUID> first = new HashSet<>();
            List<EventEnvelope<? extends ConversationEvent>> toApply = new ArrayList<>();
            for (var envelope : envelopes) {
                if (fresh.contains(envelope.id()) && first.add(envelope.id())) {
                    toApply.add(envelope);
                }
            }
            // a snapshot replaces its conversation's state where it stands in the stream: the events before it are
            // written first, the ones after it on top of it
            Mono<Void> steps = Mono.empty();
            List<EventEnvelope<? extends ConversationEvent>> run = new ArrayList<>();
            for (var envelope : toApply) {
                if (envelope.data() instanceof ConversationSnapshot snapshot) {
                    steps = steps.then(changesOf(List.copyOf(run)))
                            .then(repository.replace(envelope.tenant(), state(snapshot)));
                    run.clear();
                } else {
                    run.add(envelope);
                }
            }
            return steps.then(changesOf(run));
        });
        return tx.transactional(work);
    }

    private Mono<Void> changesOf(List<EventEnvelope<? extends ConversationEvent>> envelopes) {
        ProjectionChanges changes = ProjectionChanges.of(envelopes);
        return changes.isEmpty() ? Mono.empty() : repository.apply(changes);
    }

    static ConversationState state(ConversationSnapshot snapshot) {
        return new ConversationState(
                snapshot.conversationId(),
                snapshot.kind(),
                snapshot.title(),
                snapshot.lastSeq(),
                snapshot.participants().stream()
                        .map(p -> new ConversationState.Participant(
                                p.staffId(), p.lastReadSeq(), p.muted(), p.mutedUntil()))
                        .toList());
    }

    /**
     * Makes {@code state} the conversation's whole state in one statement: its row as given, its
     * participants exactly those listed with their read positions and mutes.
     */
    public Mono<Void> replaceConversation(String hotel, ConversationState state) {
        return repository.replace(hotel, state);
    }

    /**
     * Every participant of the conversation with their unread count here, mute, and total unread
     * across their conversations of the hotel: one query. An unknown conversation has none.
     */
    public Mono<Recipients> recipients(String hotel, long conversationId) {
        return recipientsOf(List.of(new Conversation(hotel, conversationId)), Integer.MAX_VALUE, Who.EVERYONE)
                .map(all -> all.get(0));
    }

    /**
     * The participants of several conversations in one query, in the order asked: those {@code who}
     * says. Totals are computed only in conversations of at most {@code totalsUpTo} members, and,
     * unless {@code who} is {@link Who#EVERYONE}, only for participants with something unread there;
     * elsewhere {@link Recipient#totalUnreadCount()} is null. {@link Recipients#memberCount()} counts
     * every participant whoever is listed.
     */
    public Mono<List<Recipients>> recipientsOf(Collection<Conversation> conversations, int totalsUpTo, Who who) {
        Map<ConversationKey, List<ProjectionRepository.MemberRow>> rows = new LinkedHashMap<>();
        conversations.forEach(c -> rows.put(new ConversationKey(c.hotel(), c.conversationId()), new ArrayList<>()));
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        return repository
                .members(rows.keySet(), totalsUpTo, who)
                .doOnNext(row -> rows.get(row.conversation()).add(row))
                .then(Mono.fromSupplier(() -> rows.entrySet().stream()
                        .map(e -> new Recipients(
                                e.getKey().hotel(),
                                e.getKey().conversationId(),
                                e.getValue().isEmpty() ? 0 : e.getValue().get(0).lastSeq(),
                                e.getValue().isEmpty() ? 0 : e.getValue().get(0).memberCount(),
                                e.getValue().stream()
                                        .map(ProjectionRepository.MemberRow::recipient)
                                        .toList()))
                        .toList()));
    }

    /** Which participants {@link #recipientsOf} lists. */
    public enum Who {
        /** Every participant. */
        EVERYONE,
        /** Those with something unread in the conversation. */
        UNREAD,
        /** Those with something unread whose own channel is occupied ({@link WatchedFeeds}). */
        UNREAD_WATCHING
    }

    /** A conversation of a hotel. */
    public record Conversation(String hotel, long conversationId) {}

    /** The event at {@code index} of a batch could not be applied; the events before it were. */
    public static class EventNotApplied extends RuntimeException {

        private final int index;
        private final UUID eventId;

        EventNotApplied(int index, UUID eventId, Throwable cause) {
            super("the projection could not apply event " + eventId + ": " + cause, cause);
            this.index = index;
            this.eventId = eventId;
        }

        public int index() {
            return index;
        }

        public UUID eventId() {
            return eventId;
        }
    }
}

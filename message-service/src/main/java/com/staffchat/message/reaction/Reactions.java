package com.staffchat.message.reaction;

import com.staffchat.events.ReactionAdded;
import com.staffchat.events.ReactionRemoved;
import com.staffchat.events.ReactionSummary;
import com.staffchat.message.archive.ReadOnly;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Reacting to messages and the reactions every message shows. A change locks the message, stores
 * or removes the reaction and writes its event (with the message's reactions after the change)
 * in one transaction.
 */
@Service
public class Reactions {

    /** How many of the people who reacted with an emoji a summary names: the first, in the order they reacted. */
    public static final int FIRST_FEW = 5;

    /** Different emoji one message can carry, so a message and its realtime event stay small. */
    public static final int MAX_EMOJI_PER_MESSAGE = 50;

    private final ReactionRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Reactions(ReactionRepository repository, Outbox outbox, TransactionalOperator tx) {
        this.repository = repository;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** A message's reactions after a change, as the caller sees them; {@code changed} when something was written. */
    record Outcome(ReactionsView view, boolean changed) {}

    /** Adds the caller's reaction; when it is already there, changes nothing (no second event). */
    Mono<Outcome> add(StaffPrincipal caller, long messageId, String emojiText) {
        return Mono.defer(() -> {
            String emoji = valid(emojiText);
            Mono<Changed<Outcome>> change = target(caller, messageId).flatMap(target -> repository
                    .state(caller.hotel(), messageId, caller.staffId(), emoji)
                    .flatMap(state -> {
                        if (state.mine()) {
                            return view(caller, target).map(view -> Changed.none(new Outcome(view, false)));
                        }
                        if (!state.known() && state.kinds() >= MAX_EMOJI_PER_MESSAGE) {
                            return Mono.error(DomainException.conflict("message " + messageId + " already has "
                                    + MAX_EMOJI_PER_MESSAGE + " different emoji; react with one of them"));
                        }
                        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                        return repository
                                .insert(caller.hotel(), messageId, caller.staffId(), emoji, at)
                                .then(view(caller, target))
                                .map(view -> Changed.of(
                                        new Outcome(view, true),
                                        new ReactionAdded(
                                                messageId,
                                                target.conversationId(),
                                                target.seq(),
                                                caller.staffId(),
                                                emoji,
                                                forEveryone(view.reactions()),
                                                at)));
                    }));
            return tx.transactional(change.flatMap(c -> outbox.record(caller.hotel(), c)));
        });
    }

    /** Takes the caller's reaction back; when there is none, changes nothing (no event) and still succeeds. */
    Mono<Outcome> remove(StaffPrincipal caller, long messageId, String emojiText) {
        return Mono.defer(() -> {
            String emoji = valid(emojiText);
            Mono<Changed<Outcome>> change = target(caller, messageId).flatMap(target -> repository
                    .delete(caller.hotel(), messageId, caller.staffId(), emoji)
                    .flatMap(removed -> view(caller, target)
                            .map(view -> removed == 0
                                    ? Changed.none(new Outcome(view, false))
                                    : Changed.of(
                                            new Outcome(view, true),
                                            new ReactionRemoved(
                                                    messageId,
                                                    target.conversationId(),
                                                    target.seq(),
                                                    caller.staffId(),
                                                    emoji,
                                                    forEveryone(view.reactions()),
                                                    Instant.now().truncatedTo(ChronoUnit.MICROS))))));
            return tx.transactional(change.flatMap(c -> outbox.record(caller.hotel(), c)));
        });
    }

    /**
     * The reactions of each of {@code messageIds} as {@code staffId} sees them (with
     * {@code reactedByMe}), in one query however many messages; a message without reactions, or
     * deleted, is absent from the map. The caller must already have been checked as a participant.
     */
    public Mono<Map<Long, List<ReactionSummary>>> of(String hotel, long staffId, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return repository
                .summaries(hotel, messageIds.toArray(Long[]::new), staffId, FIRST_FEW)
                .collect(LinkedHashMap<Long, List<ReactionSummary>>::new, (map, row) -> map.computeIfAbsent(
                                row.messageId(), k -> new ArrayList<>())
                        .add(row.summary()))
                .map(map -> map);
    }

    private static String valid(String emojiText) {
        return Emoji.canonical(emojiText)
                .orElseThrow(() -> DomainException.invalid(
                        "emoji: must be exactly one emoji (such as 👍, 👍🏽, 🇭🇺 or 👨‍👩‍👧), nothing else"));
    }

    /**
     * The message, locked, if the caller takes part in its conversation, it is not deleted and the conversation is
     * not archived for everyone (read-only: adding and taking back a reaction both answer 409).
     */
    private Mono<ReactionRepository.Target> target(StaffPrincipal caller, long messageId) {
        return repository
                .lockVisible(caller.hotel(), messageId, caller.staffId())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("message " + messageId)))
                .flatMap(target -> {
                    if (target.archived()) {
                        return Mono.error(ReadOnly.conflict(target.conversationId()));
                    }
                    return target.deleted()
                            ? Mono.error(DomainException.conflict(
                                    "message " + messageId + " was deleted; its reactions cannot change"))
                            : Mono.just(target);
                });
    }

    private Mono<ReactionsView> view(StaffPrincipal caller, ReactionRepository.Target target) {
        return of(caller.hotel(), caller.staffId(), List.of(target.messageId()))
                .map(byMessage -> new ReactionsView(
                        target.messageId(),
                        target.conversationId(),
                        target.seq(),
                        byMessage.getOrDefault(target.messageId(), List.of())));
    }

    private static List<ReactionSummary> forEveryone(List<ReactionSummary> reactions) {
        return reactions.stream().map(ReactionSummary::forEveryone).toList();
    }
}

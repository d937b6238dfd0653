package com.staffchat.message.sync;

import com.staffchat.message.conversation.ConversationView;
import com.staffchat.message.conversation.Conversations;
import com.staffchat.message.message.MessageChanges;
import com.staffchat.message.message.MessageView;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Catch-up sync: the changes that concern the caller between their cursor and the horizon (V9: every row carries the
 * id of the transaction that last wrote it; every transaction below the horizon has ended), a page at a time.
 *
 * <p>A page ends at a stamp, never inside one: it holds every change stamped below its end, so the rows of one
 * transaction never split across pages (a transaction with more changed messages than {@code limit} makes one larger
 * page). A row written by a transaction that commits after a sync has a stamp at or above that sync's horizon (the
 * transaction was running), so the next sync finds it: nothing is skipped, whatever order transactions commit in.
 */
@Service
class Sync {

    /** A cursor more than this far in the future was not issued by this clock. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final long UNBOUNDED = -1L; // as unsigned: the largest xid8

    private final SyncRepository repository;
    private final Conversations conversations;
    private final MessageChanges messages;
    private final SyncProperties properties;
    private final Clock clock = Clock.systemUTC();

    Sync(SyncRepository repository, Conversations conversations, MessageChanges messages, SyncProperties properties) {
        this.repository = repository;
        this.conversations = conversations;
        this.messages = messages;
        this.properties = properties;
    }

    /** Without {@code since}: only the cursor of now, to sync from after loading state. */
    Mono<SyncPage> sync(StaffPrincipal caller, String since, Integer limit) {
        return Mono.defer(() -> {
            if (limit != null && limit < 1) {
                return Mono.error(DomainException.invalid("limit: must be at least 1"));
            }
            Instant now = clock.instant();
            if (since == null) {
                return repository.horizon().map(h -> SyncPage.empty(new SyncCursor(h, now).encode()));
            }
            SyncCursor cursor = SyncCursor.decode(since);
            if (cursor.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
                return Mono.error(SyncCursor.bad());
            }
            if (cursor.issuedAt().isBefore(now.minus(properties.maxCursorAge()))) {
                return Mono.error(DomainException.gone(
                        "sync-cursor-expired",
                        "Sync cursor expired",
                        "since: this cursor is older than "
                                + properties.maxCursorAge().toDays()
                                + " days; load your state afresh (GET /api/v1/sync without since for a new cursor,"
                                + " then the conversation list and the messages you show) and sync from there"));
            }
            int size = limit == null ? properties.defaultLimit() : Math.min(limit, properties.maxLimit());
            return page(caller, cursor.stamp(), size, now);
        });
    }

    private Mono<SyncPage> page(StaffPrincipal caller, long since, int size, Instant now) {
        String hotel = caller.hotel();
        long me = caller.staffId();
        return repository.window(hotel, me, since, UNBOUNDED, size + 1).flatMap(window -> {
            if (since > window.next()) {
                return Mono.error(SyncCursor.bad());
            }
            List<SyncRepository.Change> found = window.changes();
            if (found.size() <= size) {
                // everything up to the horizon (never back behind the client's own cursor)
                return collect(caller, since, Math.max(since, window.horizon()), found, false, now);
            }
            long cut = found.get(size).stamp();
            if (cut > found.get(0).stamp()) {
                List<SyncRepository.Change> below =
                        found.stream().filter(c -> c.stamp() < cut).toList();
                return collect(caller, since, cut, below, true, now);
            }
            // one transaction changed more messages than a page holds: its rows stay together in one page
            return repository
                    .window(hotel, me, cut, cut + 1, Integer.MAX_VALUE)
                    .flatMap(whole -> collect(caller, since, cut + 1, whole.changes(), true, now));
        });
    }

    private record Membership(
            List<Long> removed, List<SyncPage.ParticipantChange> participants, List<SyncPage.Departure> departures) {}

    private Mono<SyncPage> collect(
            StaffPrincipal caller,
            long since,
            long until,
            List<SyncRepository.Change> changed,
            boolean hasMore,
            Instant now) {
        String hotel = caller.hotel();
        long me = caller.staffId();
        // three lanes, so one sync holds at most three of the pool's connections (sends share the pool)
        Mono<List<ConversationView>> changedConversations = repository
                .conversationIds(hotel, me, since, until)
                .collectList()
                .flatMap(ids -> conversations.getAll(caller, ids));
        Mono<List<MessageView>> changedMessages = messages.byIds(
                caller, changed.stream().map(SyncRepository.Change::id).toList());
        Mono<Membership> membership = repository
                .removedConversationIds(hotel, me, since, until)
                .collectList()
                .flatMap(removed -> repository
                        .participants(hotel, me, since, until)
                        .collectList()
                        .flatMap(participants -> repository
                                .departures(hotel, me, since, until)
                                .collectList()
                                .map(departures -> new Membership(removed, participants, departures))));
        return Mono.zip(changedConversations, changedMessages, membership)
                .map(parts -> new SyncPage(
                        new SyncCursor(until, now).encode(),
                        hasMore,
                        parts.getT1(),
                        parts.getT3().removed(),
                        parts.getT3().participants(),
                        parts.getT3().departures(),
                        parts.getT2()));
    }
}

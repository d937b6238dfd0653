package com.staffchat.message.snapshot;

import com.staffchat.events.ConversationSnapshot;
import com.staffchat.message.outbox.Outbox;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Queues a {@link ConversationSnapshot} per conversation in the outbox, so they go out on the conversation topic in
 * order with each conversation's other events. A hotel is done a page of conversations per transaction ({@link
 * SnapshotProperties#pageSize()}): the page's rows are locked shared while its state is read and its outbox rows
 * written, so nothing that changes that state commits in between (docs/architecture.md, "Conversation snapshots"),
 * and sends to the page's conversations wait for one page at most, never for the whole hotel.
 */
@Service
public class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

    /** Deadlock, lock wait over {@code lock_timeout}: the page is rolled back whole and tried again. */
    private static final Set<String> RETRIED = Set.of("40P01", "55P03");

    private static final int ATTEMPTS = 5;

    private final SnapshotRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final SnapshotProperties properties;

    Snapshots(SnapshotRepository repository, Outbox outbox, TransactionalOperator tx, SnapshotProperties properties) {
        this.repository = repository;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
    }

    /** Queues a snapshot of every conversation of {@code hotel}; gives the number queued. */
    public Mono<Integer> ofHotel(String hotel) {
        return page(hotel, 0)
                .expand(page -> page.full() ? page(hotel, page.lastId()) : Mono.empty())
                .reduce(0, (total, page) -> total + page.count())
                .doOnNext(total -> log.info("Queued {} conversation snapshot(s) of hotel {}", total, hotel));
    }

    /** Queues a snapshot of every conversation of every hotel, one hotel after the other; the number per hotel. */
    public Mono<Map<String, Integer>> ofAllHotels() {
        return repository
                .hotels()
                .concatMap(hotel -> ofHotel(hotel).map(count -> Map.entry(hotel, count)))
                .collect(LinkedHashMap::new, (all, e) -> all.put(e.getKey(), e.getValue()));
    }

    /** One page, after conversation id {@code after}. */
    private Mono<Page> page(String hotel, long after) {
        Mono<Page> work = Mono.defer(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return repository
                    .lockTimeout(properties.lockTimeout())
                    .thenMany(repository.lockPage(hotel, after, properties.pageSize()))
                    .collectList()
                    .flatMap(conversations -> conversations.isEmpty()
                            ? Mono.just(new Page(0, after, false))
                            : snapshot(hotel, conversations, now)
                                    .thenReturn(new Page(
                                            conversations.size(),
                                            conversations
                                                    .get(conversations.size() - 1)
                                                    .id(),
                                            conversations.size() == properties.pageSize())));
        });
        return tx.transactional(work)
                .retryWhen(Retry.backoff(ATTEMPTS - 1, Duration.ofMillis(100))
                        .filter(Snapshots::retried)
                        .doBeforeRetry(s -> log.info(
                                "Snapshot page of hotel {} after {} rolled back ({}), trying again",
                                hotel,
                                after,
                                s.failure().toString())))
                .doOnNext(page -> {
                    if (page.count() > 0) {
                        outbox.sent();
                    }
                });
    }

    /** Reads the locked page's participants and appends one outbox row per conversation, in one statement. */
    private Mono<Void> snapshot(String hotel, List<SnapshotRepository.Conversation> conversations, Instant now) {
        Long[] ids =
                conversations.stream().map(SnapshotRepository.Conversation::id).toArray(Long[]::new);
        return repository
                .lockParticipants(hotel, ids, now.atOffset(ZoneOffset.UTC))
                .collectMultimap(SnapshotRepository.Member::conversationId, SnapshotRepository.Member::participant)
                .flatMapMany(members -> Flux.fromIterable(conversations)
                        .map(c -> new ConversationSnapshot(
                                c.id(),
                                c.kind(),
                                c.title(),
                                c.lastSeq(),
                                new ArrayList<>(members.getOrDefault(c.id(), List.of())),
                                now)))
                .concatMap(snapshot -> outbox.entry(hotel, snapshot))
                .collectList()
                .flatMap(outbox::appendAll);
    }

    private static boolean retried(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r2dbc && RETRIED.contains(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** What one page did: how many it queued, the last conversation id, whether more may follow. */
    private record Page(int count, long lastId, boolean full) {}
}

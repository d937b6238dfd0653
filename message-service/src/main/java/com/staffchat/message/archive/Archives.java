package com.staffchat.message.archive;

import com.staffchat.events.ArchiveScope;
import com.staffchat.events.ConversationArchived;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Archive and unarchive, for me or (group admins) for everyone. Each locks what it changes, writes only when the
 * state changes, and stores the change and its {@link ConversationArchived} event in one transaction; archiving
 * what is archived (or unarchiving what is not) answers as a success and writes nothing.
 */
@Service
class Archives {

    private final ArchiveRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Archives(ArchiveRepository repository, Outbox outbox, TransactionalOperator tx) {
        this.repository = repository;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** {@code ?scope=}: {@code me} (the default) or {@code all}. */
    static ArchiveScope scope(String scope) {
        if (scope == null) {
            return ArchiveScope.SELF;
        }
        return switch (scope.toLowerCase(Locale.ROOT)) {
            case "me" -> ArchiveScope.SELF;
            case "all" -> ArchiveScope.ALL;
            default -> throw DomainException.invalid("scope: 'me' or 'all'");
        };
    }

    /** Archives ({@code archived} true) or unarchives the conversation; 404 for anyone not in it. */
    Mono<Void> set(StaffPrincipal caller, long conversationId, ArchiveScope scope, boolean archived) {
        String hotel = caller.hotel();
        long me = caller.staffId();
        boolean forEveryone = scope == ArchiveScope.ALL;
        Mono<Void> change = repository
                .lock(hotel, conversationId, me, forEveryone)
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(state -> {
                    if (forEveryone && !state.group()) {
                        return Mono.error(DomainException.conflict(
                                "a direct conversation cannot be archived for everyone; archive it for yourself"
                                        + " (scope=me)"));
                    }
                    if (forEveryone && !state.admin()) {
                        return Mono.error(DomainException.forbidden(
                                "only a group admin may archive or unarchive a group for everyone"));
                    }
                    boolean now = forEveryone ? state.archivedForAll() : state.archivedForMe();
                    if (now == archived) {
                        return Mono.just(Changed.<Void>none(null));
                    }
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
                    Mono<Void> write;
                    if (forEveryone) {
                        write = archived
                                ? repository.archiveForEveryone(hotel, conversationId, me, at)
                                : repository.unarchiveForEveryone(hotel, conversationId);
                    } else {
                        write = archived
                                ? repository.archiveForMe(hotel, conversationId, me, at)
                                : repository.unarchiveForMe(hotel, conversationId, me);
                    }
                    return write.thenReturn(
                            Changed.<Void>of(null, new ConversationArchived(conversationId, me, scope, archived, at)));
                })
                .flatMap(c -> outbox.record(hotel, c))
                .then();
        return tx.transactional(change);
    }
}

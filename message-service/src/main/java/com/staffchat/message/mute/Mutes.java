package com.staffchat.message.mute;

import com.staffchat.events.ConversationMuted;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Muting and unmuting, per person. A change locks the caller's participant row, writes only when the mute changes,
 * and stores it with its {@link ConversationMuted} event in one transaction; the same mute again, or unmuting what
 * is not muted, answers as a success and writes nothing.
 */
@Service
class Mutes {

    /** The furthest a timed mute may reach; longer is "for good" ({@code {}}). */
    static final Duration LONGEST = Duration.ofDays(366);

    private final MuteRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Mutes(MuteRepository repository, Outbox outbox, TransactionalOperator tx) {
        this.repository = repository;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Mutes until {@code request.until()}, or for good when it is null. */
    Mono<Void> mute(StaffPrincipal caller, long conversationId, Mute request) {
        if (request == null) {
            return Mono.error(DomainException.invalid("the body must be a JSON object: {} or {\"until\": an instant}"));
        }
        Instant until;
        try {
            until = request.until() == null ? null : Instant.parse(request.until());
        } catch (DateTimeParseException e) {
            return Mono.error(DomainException.invalid(
                    "until: must be an instant such as 2026-12-01T08:00:00Z (send {} to mute for good)"));
        }
        Instant now = now();
        if (until != null && !until.isAfter(now)) {
            return Mono.error(DomainException.invalid("until: must be in the future (send {} to mute for good)"));
        }
        if (until != null && until.isAfter(now.plus(LONGEST))) {
            return Mono.error(DomainException.invalid("until: at most 366 days ahead (send {} to mute for good)"));
        }
        Instant end = until == null ? null : until.truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        return change(caller, conversationId, now, true, end);
    }

    Mono<Void> unmute(StaffPrincipal caller, long conversationId) {
        return change(caller, conversationId, now(), false, null);
    }

    private Mono<Void> change(StaffPrincipal caller, long conversationId, Instant now, boolean muted, Instant until) {
        String hotel = caller.hotel();
        long me = caller.staffId();
        Mono<Void> change = repository
                .lock(hotel, conversationId, me, now)
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(state -> {
                    boolean same = muted ? state.muted() && Objects.equals(state.until(), until) : !state.muted();
                    if (same) {
                        return Mono.just(Changed.<Void>none(null));
                    }
                    return repository
                            .set(hotel, conversationId, me, muted, until)
                            .thenReturn(Changed.<Void>of(
                                    null, new ConversationMuted(conversationId, me, muted, until, now)));
                })
                .flatMap(c -> outbox.record(hotel, c))
                .then();
        return tx.transactional(change);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

package com.staffchat.message.conversation;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.participant.Participant;
import com.staffchat.message.participant.Participants;
import com.staffchat.message.staff.StaffDirectory;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Starting conversations and finding the ones a caller takes part in. */
@Service
public class Conversations {

    private final ConversationRepository repository;
    private final Participants participants;
    private final StaffDirectory directory;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Conversations(
            ConversationRepository repository,
            Participants participants,
            StaffDirectory directory,
            Outbox outbox,
            TransactionalOperator tx) {
        this.repository = repository;
        this.participants = participants;
        this.directory = directory;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The result of a create: the conversation, and whether it is new (a direct one may already exist). */
    public record Created(ConversationView conversation, boolean isNew) {}

    private record Ref(long id, boolean isNew) {}

    Mono<Created> create(StaffPrincipal caller, CreateConversation request) {
        Set<Long> members = new LinkedHashSet<>();
        members.add(caller.staffId());
        members.addAll(request.participantIds());
        String directKey = null;
        if (request.kind() == ConversationKind.DIRECT) {
            if (members.size() != 2) {
                return Mono.error(DomainException.invalid("a direct conversation takes exactly one other participant"));
            }
            TreeSet<Long> pair = new TreeSet<>(members);
            directKey = pair.first() + ":" + pair.last();
        } else if (request.title() == null || request.title().isBlank()) {
            return Mono.error(DomainException.invalid("a group conversation needs a title"));
        }
        String key = directKey;
        Mono<Created> create = directory
                .unknownOrInactive(caller.hotel(), members)
                .flatMap(missing -> {
                    if (missing.contains(caller.staffId())) {
                        return Mono.error(DomainException.forbidden(
                                "you are not an active member of this hotel's staff directory"));
                    }
                    if (!missing.isEmpty()) {
                        return Mono.error(
                                DomainException.invalid("not active staff of this hotel: " + new TreeSet<>(missing)));
                    }
                    return start(caller, request, key, members)
                            .switchIfEmpty(Mono.defer(() -> repository
                                    .findDirect(caller.hotel(), key)
                                    .map(id -> Changed.none(new Ref(id, false)))))
                            .flatMap(change -> outbox.record(caller.hotel(), change))
                            .flatMap(ref -> get(caller, ref.id()).map(view -> new Created(view, ref.isNew())));
                });
        return tx.transactional(create);
    }

    /**
     * Stores the conversation and its participants and returns the event that causes; empty when
     * the direct conversation of this pair already exists.
     */
    private Mono<Changed<Ref>> start(
            StaffPrincipal caller, CreateConversation request, String directKey, Set<Long> members) {
        List<Long> ids = new ArrayList<>(members);
        boolean group = request.kind() == ConversationKind.GROUP;
        String title = blankToNull(request.title());
        return repository
                .insert(
                        caller.hotel(),
                        request.kind(),
                        title,
                        blankToNull(request.description()),
                        directKey,
                        caller.staffId(),
                        !Boolean.FALSE.equals(request.historyVisible()))
                .flatMap(id -> Flux.fromIterable(ids)
                        .concatMap(s -> participants.add(
                                caller.hotel(),
                                id,
                                s,
                                group && s == caller.staffId() ? Participants.ADMIN : Participants.MEMBER))
                        .then(Mono.fromSupplier(() -> Changed.of(
                                new Ref(id, true),
                                new ConversationCreated(
                                        id, request.kind(), title, caller.staffId(), ids, Instant.now())))));
    }

    /** The conversation if the caller takes part in it; 404 otherwise, whether it exists or not. */
    public Mono<ConversationView> get(StaffPrincipal caller, long conversationId) {
        return repository
                .findForParticipant(caller.hotel(), conversationId, caller.staffId())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(row -> participants
                        .of(caller.hotel(), List.of(row.id()))
                        .map(byConversation -> view(caller, row, byConversation)));
    }

    /** The caller's conversations with their participants: two queries, however many conversations. */
    Mono<List<ConversationView>> list(StaffPrincipal caller, int limit) {
        return repository
                .listForParticipant(caller.hotel(), caller.staffId(), limit)
                .collectList()
                .flatMap(rows -> participants
                        .of(
                                caller.hotel(),
                                rows.stream()
                                        .map(ConversationRepository.Row::id)
                                        .toList())
                        .map(byConversation -> rows.stream()
                                .map(row -> view(caller, row, byConversation))
                                .toList()));
    }

    private static ConversationView view(
            StaffPrincipal caller, ConversationRepository.Row row, Map<Long, List<Participant>> byConversation) {
        List<Participant> ps = byConversation.getOrDefault(row.id(), List.of());
        long lastRead = ps.stream()
                .filter(p -> p.staffId() == caller.staffId())
                .mapToLong(Participant::lastReadSeq)
                .findFirst()
                .orElse(row.lastSeq());
        return new ConversationView(
                row.id(),
                row.kind(),
                row.title(),
                row.description(),
                row.avatarUrl(),
                row.createdBy(),
                row.createdAt(),
                row.lastSeq(),
                row.lastMessageAt(),
                Math.max(0, row.lastSeq() - lastRead),
                ps);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

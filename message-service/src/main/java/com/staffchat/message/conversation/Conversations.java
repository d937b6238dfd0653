package com.staffchat.message.conversation;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.staff.StaffDirectory;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private final StaffDirectory directory;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Conversations(
            ConversationRepository repository, StaffDirectory directory, Outbox outbox, TransactionalOperator tx) {
        this.repository = repository;
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
                    return repository
                            .insert(
                                    caller.hotel(),
                                    request.kind(),
                                    blankToNull(request.title()),
                                    blankToNull(request.description()),
                                    key,
                                    caller.staffId())
                            .flatMap(id ->
                                    addMembers(caller, id, members, request).thenReturn(new Ref(id, true)))
                            .switchIfEmpty(Mono.defer(() ->
                                    repository.findDirect(caller.hotel(), key).map(id -> new Ref(id, false))))
                            .flatMap(ref -> repository
                                    .findForParticipant(caller.hotel(), ref.id(), caller.staffId())
                                    .map(view -> new Created(view, ref.isNew())));
                });
        return tx.transactional(create);
    }

    private Mono<Void> addMembers(StaffPrincipal caller, long id, Set<Long> members, CreateConversation request) {
        List<Long> ids = new ArrayList<>(members);
        boolean group = request.kind() == ConversationKind.GROUP;
        return Flux.fromIterable(ids)
                .concatMap(s -> repository.addParticipant(
                        caller.hotel(), id, s, group && s == caller.staffId() ? "ADMIN" : "MEMBER"))
                .then(outbox.append(
                        caller.hotel(),
                        new ConversationCreated(
                                id,
                                request.kind(),
                                blankToNull(request.title()),
                                caller.staffId(),
                                ids,
                                Instant.now())))
                .then();
    }

    /** The conversation if the caller takes part in it; 404 otherwise, whether it exists or not. */
    public Mono<ConversationView> get(StaffPrincipal caller, long conversationId) {
        return repository
                .findForParticipant(caller.hotel(), conversationId, caller.staffId())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)));
    }

    Flux<ConversationView> list(StaffPrincipal caller, int limit) {
        return repository.listForParticipant(caller.hotel(), caller.staffId(), limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

package com.staffchat.message.conversation;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationKind;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.participant.Participants;
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

    /**
     * The conversation as the caller sees it, with its participants, if the caller takes part in it;
     * 404 otherwise, whether it exists or not. Every feature that answers a conversation answers this.
     */
    public Mono<ConversationView> get(StaffPrincipal caller, long conversationId) {
        return repository
                .list(caller.hotel(), caller.staffId(), ConversationRepository.Selection.one(conversationId), 1)
                .next()
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(view -> participants
                        .of(caller.hotel(), List.of(view.id()))
                        .map(byConversation ->
                                view.withParticipants(byConversation.getOrDefault(view.id(), List.of()))));
    }

    /**
     * The conversations among {@code conversationIds} that the caller takes part in (others are left out, as {@link
     * #get} would answer 404 for them), each as {@link #get} answers it: two statements however many, for catch-up
     * sync.
     */
    public Mono<List<ConversationView>> getAll(StaffPrincipal caller, java.util.Collection<Long> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Mono.just(List.of());
        }
        return repository
                .list(
                        caller.hotel(),
                        caller.staffId(),
                        ConversationRepository.Selection.of(conversationIds),
                        conversationIds.size())
                .collectList()
                .flatMap(views -> participants
                        .of(
                                caller.hotel(),
                                views.stream().map(ConversationView::id).toList())
                        .map(byConversation -> views.stream()
                                .map(view -> view.withParticipants(byConversation.getOrDefault(view.id(), List.of())))
                                .toList()));
    }

    /** The largest page of the list. */
    static final int MAX_LIMIT = 200;

    static final int DEFAULT_LIMIT = 50;

    /** The filters and place of one page of {@code GET /api/v1/conversations}, as the client sent them. */
    record ListRequest(Integer limit, String cursor, String kind, Boolean unread, Boolean archived) {}

    /** One page of the list; {@code nextCursor} (null on the last page) asks for the one after. */
    record Page(List<ConversationView> conversations, boolean hasMore, String nextCursor) {}

    /** A page of the caller's conversations, newest activity first: one statement, whatever the page size. */
    Mono<Page> list(StaffPrincipal caller, ListRequest request) {
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(DomainException.invalid("limit: 1 to " + MAX_LIMIT));
        }
        ConversationKind kind;
        if (request.kind() == null) {
            kind = null;
        } else if (request.kind().equalsIgnoreCase("direct")) {
            kind = ConversationKind.DIRECT;
        } else if (request.kind().equalsIgnoreCase("group")) {
            kind = ConversationKind.GROUP;
        } else {
            return Mono.error(DomainException.invalid("kind: 'direct' or 'group'"));
        }
        ConversationRepository.Position after;
        try {
            after = request.cursor() == null ? null : ListCursor.decode(request.cursor());
        } catch (DomainException e) {
            return Mono.error(e);
        }
        var selection = new ConversationRepository.Selection(
                null, kind, Boolean.TRUE.equals(request.unread()), Boolean.TRUE.equals(request.archived()), after);
        return repository
                .list(caller.hotel(), caller.staffId(), selection, limit + 1)
                .collectList()
                .map(rows -> {
                    if (rows.size() <= limit) {
                        return new Page(rows, false, null);
                    }
                    List<ConversationView> page = rows.subList(0, limit);
                    ConversationView last = page.get(limit - 1);
                    return new Page(
                            List.copyOf(page),
                            true,
                            ListCursor.encode(new ConversationRepository.Position(last.activityAt(), last.id())));
                });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

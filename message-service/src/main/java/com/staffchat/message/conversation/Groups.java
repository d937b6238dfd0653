package com.staffchat.message.conversation;

import com.staffchat.events.ConversationUpdated;
import com.staffchat.events.ParticipantRoleChanged;
import com.staffchat.events.ParticipantsAdded;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.SystemNote;
import com.staffchat.message.message.SystemMessages;
import com.staffchat.message.outbox.Changed;
import com.staffchat.message.outbox.Outbox;
import com.staffchat.message.participant.Participants;
import com.staffchat.message.staff.StaffDirectory;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Group management: adding and removing participants, leaving, roles, and the group's metadata.
 * Each change runs in one transaction that first locks the conversation row, writes its event(s)
 * and a {@code SYSTEM} message (its own seq, the send's seq mechanism) to the outbox, and keeps the
 * rule that a group never stays without an admin: when the last admin leaves, is removed or is
 * demoted, the longest-standing member (earliest joined, then smallest staff id) is promoted, with
 * its own event and system message.
 *
 * <p>Who may: only participants see the conversation (404 for anyone else, whether it exists or
 * not); group admins add, remove, change roles and metadata (403 for members); anyone leaves.
 * Direct conversations have no admin and exactly their two people (409); a group archived for
 * everyone is read-only (409 {@code conversation-archived}).
 */
@Service
class Groups {

    private final GroupRepository repository;
    private final Conversations conversations;
    private final StaffDirectory directory;
    private final SystemMessages systemMessages;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Groups(
            GroupRepository repository,
            Conversations conversations,
            StaffDirectory directory,
            SystemMessages systemMessages,
            Outbox outbox,
            TransactionalOperator tx) {
        this.repository = repository;
        this.conversations = conversations;
        this.directory = directory;
        this.systemMessages = systemMessages;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Adds people as members; 200 with the conversation. People already in are ignored. */
    Mono<ConversationView> addParticipants(StaffPrincipal caller, long conversationId, List<Long> staffIds) {
        String hotel = caller.hotel();
        Set<Long> wanted = new LinkedHashSet<>(staffIds);
        Mono<Boolean> work = lock(caller, conversationId, true)
                .flatMap(group -> directory.unknownOrInactive(hotel, wanted).flatMap(missing -> {
                    if (!missing.isEmpty()) {
                        return Mono.error(DomainException.invalid(
                                "staffIds: not active staff of this hotel: " + new TreeSet<>(missing)));
                    }
                    // the system message below takes last_seq + 1 (the row is locked): the new members see it, and
                    // nothing is unread for them at join
                    long visibleFrom = group.historyVisible() ? 0 : group.lastSeq();
                    return repository
                            .add(hotel, conversationId, wanted, visibleFrom, group.lastSeq() + 1)
                            .flatMap(added -> {
                                if (added.isEmpty()) {
                                    return Mono.just(false);
                                }
                                SystemNote note = new SystemNote(
                                        SystemNote.Action.PARTICIPANTS_ADDED, caller.staffId(), added, null, null);
                                return record(
                                                hotel,
                                                new ParticipantsAdded(
                                                        conversationId, caller.staffId(), added, Instant.now()))
                                        .then(system(hotel, conversationId, note))
                                        .thenReturn(true);
                            });
                }));
        return commit(work).then(conversations.get(caller, conversationId));
    }

    /** Removes a participant (admins), or the caller themselves (leaving, anyone). */
    Mono<Void> removeParticipant(StaffPrincipal caller, long conversationId, long staffId) {
        String hotel = caller.hotel();
        boolean leaving = staffId == caller.staffId();
        Mono<Boolean> work = lock(caller, conversationId, !leaving)
                .flatMap(group -> repository.remove(hotel, conversationId, staffId, caller.staffId()))
                .flatMap(removed -> {
                    if (!removed) {
                        return Mono.error(DomainException.notFound("participant " + staffId));
                    }
                    SystemNote note = leaving
                            ? new SystemNote(SystemNote.Action.PARTICIPANT_LEFT, staffId, List.of(staffId), null, null)
                            : new SystemNote(
                                    SystemNote.Action.PARTICIPANTS_REMOVED,
                                    caller.staffId(),
                                    List.of(staffId),
                                    null,
                                    null);
                    return record(
                                    hotel,
                                    new ParticipantsRemoved(
                                            conversationId, caller.staffId(), List.of(staffId), Instant.now()))
                            .then(system(hotel, conversationId, note))
                            .then(keepAnAdmin(hotel, conversationId, caller.staffId(), null))
                            .thenReturn(true);
                });
        return commit(work).then();
    }

    /** Makes a participant ADMIN or MEMBER (admins); 200 with the conversation. */
    Mono<ConversationView> changeRole(StaffPrincipal caller, long conversationId, long staffId, String role) {
        String hotel = caller.hotel();
        Mono<Boolean> work = lock(caller, conversationId, true)
                .then(repository.members(hotel, conversationId))
                .flatMap(members -> {
                    GroupRepository.Member target = members.stream()
                            .filter(m -> m.staffId() == staffId)
                            .findFirst()
                            .orElse(null);
                    if (target == null) {
                        return Mono.error(DomainException.notFound("participant " + staffId));
                    }
                    if (target.role().equals(role)) {
                        return Mono.just(false);
                    }
                    if (Participants.MEMBER.equals(role) && members.size() == 1) {
                        return Mono.error(DomainException.conflict(
                                "a group needs an admin: you are its only participant, so you stay its admin"));
                    }
                    SystemNote note = new SystemNote(
                            SystemNote.Action.ROLE_CHANGED, caller.staffId(), List.of(staffId), null, role);
                    return repository
                            .setRole(hotel, conversationId, staffId, role)
                            .then(record(
                                    hotel,
                                    new ParticipantRoleChanged(
                                            conversationId, caller.staffId(), staffId, role, false, Instant.now())))
                            .then(system(hotel, conversationId, note))
                            .then(keepAnAdmin(hotel, conversationId, caller.staffId(), staffId))
                            .thenReturn(true);
                });
        return commit(work).then(conversations.get(caller, conversationId));
    }

    /** Changes the group's metadata (admins); 200 with the conversation. */
    Mono<ConversationView> update(StaffPrincipal caller, long conversationId, UpdateConversation request) {
        String title;
        try {
            title = checked(request);
        } catch (DomainException e) {
            return Mono.error(e);
        }
        String hotel = caller.hotel();
        Mono<Boolean> work = lock(caller, conversationId, true).flatMap(group -> repository
                .update(
                        hotel,
                        conversationId,
                        title,
                        request.description() == null
                                ? null
                                : request.description().strip(),
                        request.avatarUrl() == null ? null : request.avatarUrl().strip(),
                        request.historyVisible())
                .flatMap(after -> {
                    Mono<Void> renamed = title == null || title.equals(group.title())
                            ? Mono.empty()
                            : system(
                                    hotel,
                                    conversationId,
                                    new SystemNote(
                                            SystemNote.Action.TITLE_CHANGED, caller.staffId(), List.of(), title, null));
                    return record(
                                    hotel,
                                    new ConversationUpdated(
                                            conversationId,
                                            caller.staffId(),
                                            after.title(),
                                            after.description(),
                                            after.avatarUrl(),
                                            Instant.now(),
                                            after.historyVisible()))
                            .then(renamed)
                            .thenReturn(true);
                }));
        return commit(work).then(conversations.get(caller, conversationId));
    }

    /** The stripped new title (null: unchanged); 400 for bad input, before anything is read. */
    private static String checked(UpdateConversation request) {
        if (request.isEmpty()) {
            throw DomainException.invalid(
                    "give at least one of 'title', 'description', 'avatarUrl' and 'historyVisible'");
        }
        String title = request.title() == null ? null : request.title().strip();
        if (title != null && title.isEmpty()) {
            throw DomainException.invalid("title: a group needs a title (1 to 100 characters, not blank)");
        }
        String avatar = request.avatarUrl() == null ? null : request.avatarUrl().strip();
        if (avatar != null && !avatar.isEmpty() && !isHttpsUrl(avatar)) {
            throw DomainException.invalid("avatarUrl: must be an https URL (or empty to remove the avatar)");
        }
        return title;
    }

    private static boolean isHttpsUrl(String s) {
        try {
            URI uri = new URI(s);
            return "https".equalsIgnoreCase(uri.getScheme())
                    && uri.getHost() != null
                    && !uri.getHost().isEmpty()
                    && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Locks the conversation and checks the caller may change it: 404 unless they take part, 409 for
     * a direct conversation or one archived for everyone, 403 when {@code adminOnly} and they are a member.
     */
    private Mono<GroupRepository.Locked> lock(StaffPrincipal caller, long conversationId, boolean adminOnly) {
        return repository
                .lock(caller.hotel(), conversationId, caller.staffId())
                .filter(group -> group.callerRole() != null)
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)))
                .flatMap(group -> {
                    if (!group.group()) {
                        return Mono.error(DomainException.conflict(
                                "a direct conversation has exactly its two people and no admin; start a group to"
                                        + " talk with more"));
                    }
                    if (group.archived()) {
                        return Mono.error(com.staffchat.message.archive.ReadOnly.conflict(conversationId));
                    }
                    if (adminOnly && !Participants.ADMIN.equals(group.callerRole())) {
                        return Mono.error(DomainException.forbidden("only a group admin can do this"));
                    }
                    return Mono.just(group);
                });
    }

    /**
     * When the group has participants but no admin (after {@code actorId}'s change), promotes the
     * longest-standing one, other than {@code notId} (who just stepped down) when there is another.
     */
    private Mono<Void> keepAnAdmin(String hotel, long conversationId, long actorId, Long notId) {
        return repository.members(hotel, conversationId).flatMap(members -> {
            if (members.isEmpty() || members.stream().anyMatch(GroupRepository.Member::admin)) {
                return Mono.empty();
            }
            GroupRepository.Member next = members.stream()
                    .filter(m -> !Objects.equals(m.staffId(), notId))
                    .findFirst()
                    .orElse(members.get(0));
            SystemNote note = new SystemNote(
                    SystemNote.Action.ADMIN_ASSIGNED, actorId, List.of(next.staffId()), null, Participants.ADMIN);
            return repository
                    .setRole(hotel, conversationId, next.staffId(), Participants.ADMIN)
                    .then(record(
                            hotel,
                            new ParticipantRoleChanged(
                                    conversationId, actorId, next.staffId(), Participants.ADMIN, true, Instant.now())))
                    .then(system(hotel, conversationId, note));
        });
    }

    private Mono<Void> record(String hotel, com.staffchat.events.EventPayload event) {
        return outbox.record(hotel, Changed.of(true, event)).then();
    }

    /** Appends the system message of {@code note}, its sentence written with the directory's names. */
    private Mono<Void> system(String hotel, long conversationId, SystemNote note) {
        Set<Long> ids = new LinkedHashSet<>(note.staffIds());
        ids.add(note.actorId());
        return repository
                .names(hotel, ids)
                .flatMap(names -> systemMessages.append(hotel, conversationId, note, SystemSentences.of(note, names)))
                .then();
    }

    /** Runs the change in one transaction and wakes the outbox relay once it committed something. */
    private Mono<Boolean> commit(Mono<Boolean> work) {
        return tx.transactional(work).doOnNext(changed -> {
            if (changed) {
                systemMessages.committed();
            }
        });
    }
}

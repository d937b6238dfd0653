package com.staffchat.message.participant;

import com.staffchat.support.problem.DomainException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Membership and read state of conversations. Sends and reads ask {@link #requireMember} (one
 * indexed query); the read position moves only here ({@link #moveReadPosition}, under {@link
 * #lockReadPosition}, for mark-read; {@link #markReadUpTo}) and in the send statement (its sender's).
 */
@Service
public class Participants {

    /** A group's creator; everyone else is a member. */
    public static final String ADMIN = "ADMIN";

    public static final String MEMBER = "MEMBER";

    private final ParticipantRepository repository;

    Participants(ParticipantRepository repository) {
        this.repository = repository;
    }

    /**
     * Completes when {@code staffId} takes part in the conversation; a 404 otherwise, whether the
     * conversation exists or not, so outsiders learn nothing.
     */
    public Mono<Void> requireMember(String hotel, long conversationId, long staffId) {
        return repository
                .isMember(hotel, conversationId, staffId)
                .flatMap(member -> member
                        ? Mono.<Void>empty()
                        : Mono.error(DomainException.notFound("conversation " + conversationId)));
    }

    /**
     * The seq after which {@code staffId} sees the conversation's messages (0, or the conversation's
     * last seq when they were added to a group that hides its history); a 404 for a non-participant.
     */
    public Mono<Long> requireVisibleFrom(String hotel, long conversationId, long staffId) {
        return repository
                .visibleFrom(hotel, conversationId, staffId)
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("conversation " + conversationId)));
    }

    public Mono<Void> add(String hotel, long conversationId, long staffId, String role) {
        return repository.add(hotel, conversationId, staffId, role);
    }

    /** Moves the read position forward to {@code seq}; never back. True when it moved. */
    public Mono<Boolean> markReadUpTo(String hotel, long conversationId, long staffId, long messageId, long seq) {
        return repository
                .markReadUpTo(hotel, conversationId, staffId, messageId, seq)
                .map(n -> n > 0);
    }

    /**
     * A participant's read position in a conversation and the conversation's newest seq. What stays
     * unread is every seq after the position: the sender's own messages never are, since a send moves
     * its sender's position (MessageRepository.SEND), and a deleted message keeps its seq as a
     * placeholder, so it counts like any other.
     */
    public record ReadPosition(long lastReadSeq, long lastSeq) {

        public long unreadCount() {
            return Math.max(0, lastSeq - lastReadSeq);
        }
    }

    /** One conversation's unread count for one person. */
    public record Unread(long conversationId, long lastReadSeq, long lastSeq) {

        public long unreadCount() {
            return Math.max(0, lastSeq - lastReadSeq);
        }
    }

    /**
     * The caller's position in the conversation, with their participant row locked until the
     * surrounding transaction ends; empty when they do not take part.
     */
    public Mono<ReadPosition> lockReadPosition(String hotel, long conversationId, long staffId) {
        return repository.lockReadPosition(hotel, conversationId, staffId);
    }

    /** Moves the position forward to {@code seq}, never back. True when it moved. */
    public Mono<Boolean> moveReadPosition(String hotel, long conversationId, long staffId, long seq) {
        return repository.moveReadPosition(hotel, conversationId, staffId, seq).map(n -> n > 0);
    }

    /** The person's conversations with anything unread, most recently active first. */
    public Flux<Unread> unread(String hotel, long staffId) {
        return repository.unread(hotel, staffId);
    }

    /** The participants of each conversation, in joining order, fetched in one query. */
    public Mono<Map<Long, List<Participant>>> of(String hotel, Collection<Long> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return repository
                .of(hotel, conversationIds.toArray(Long[]::new))
                .collect(LinkedHashMap<Long, List<Participant>>::new, (map, row) -> map.computeIfAbsent(
                                row.conversationId(), k -> new java.util.ArrayList<>())
                        .add(row.participant()))
                .map(map -> map);
    }
}

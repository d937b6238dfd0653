package com.staffchat.message.mention;

import com.staffchat.message.MessageProperties;
import com.staffchat.message.staff.Handles;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Who a message mentions, and my mentions. The send resolves a body with {@link #resolve} before its
 * statement and stores the result in it (MessageRepository.SEND, its {@code mentioned} part); an
 * edit resolves the new body with {@link #resolve} and stores it with {@link #replace}, in the
 * edit's transaction.
 */
@Service
public class Mentions {

    private final MentionRepository repository;
    private final MessageProperties properties;

    Mentions(MentionRepository repository, MessageProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    /**
     * The people {@code body} mentions when {@code senderId} writes it in the conversation: the one
     * entry for a send and for an edit. A participant is mentioned by their {@code @handle}, by
     * {@code @department} (the key of their department, {@link Handles#departmentKey}) and, in a
     * group, by {@code @all}; case does not count. Only active participants other than the sender
     * count: a handle of anyone else (a non-participant, a deactivated person, another hotel's) and
     * an unknown key stay plain text. Sorted by staff id, each person once, with the most direct form.
     *
     * <p>A body without an {@code @} costs no query; otherwise one (the conversation's participants).
     * Membership is not checked here: the send (or edit) that stores the result does that.
     */
    public Mono<List<Mentioned>> resolve(String hotel, long conversationId, long senderId, String body) {
        Set<String> keys = MentionParser.keys(body);
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        return repository
                .candidates(hotel, conversationId, senderId)
                .<Mentioned>handle((c, sink) -> {
                    if (keys.contains(c.handle())) {
                        sink.next(new Mentioned(c.staffId(), Mentioned.Kind.HANDLE));
                    } else if (keys.contains(Handles.departmentKey(c.department()))) {
                        sink.next(new Mentioned(c.staffId(), Mentioned.Kind.DEPARTMENT));
                    } else if (c.group() && keys.contains(Handles.ALL)) {
                        sink.next(new Mentioned(c.staffId(), Mentioned.Kind.ALL));
                    }
                })
                .collectList()
                .map(found -> {
                    List<Mentioned> sorted = new ArrayList<>(found);
                    sorted.sort(Comparator.comparingLong(Mentioned::staffId));
                    return List.copyOf(sorted);
                });
    }

    /**
     * Stores {@code mentioned} (from {@link #resolve} of the new body) as the mentions of the edited
     * message {@code messageId}, replacing the earlier ones, in one statement: call it inside the
     * edit's transaction. The rows take the message's conversation, seq, sender and time.
     */
    public Mono<Void> replace(String hotel, long messageId, List<Mentioned> mentioned) {
        return repository.replace(hotel, messageId, mentioned);
    }

    /** A page of my mentions. */
    public record Page(List<MentionView> mentions, boolean hasMore) {}

    /** My mentions newest first, below the message id {@code before} when given; {@code limit} 1 up, clamped. */
    Mono<Page> mine(StaffPrincipal caller, Long before, Integer limit) {
        if (before != null && before < 1) {
            return Mono.error(DomainException.invalid("before: must be a message id (a positive integer)"));
        }
        if (limit != null && limit < 1) {
            return Mono.error(DomainException.invalid("limit: must be at least 1"));
        }
        int size = limit == null ? properties.defaultPageSize() : Math.min(limit, properties.maxPageSize());
        return repository
                .mine(caller.hotel(), caller.staffId(), before == null ? Long.MAX_VALUE : before, size + 1)
                .collectList()
                .map(rows -> new Page(List.copyOf(rows.subList(0, Math.min(size, rows.size()))), rows.size() > size));
    }
}

package com.staffchat.message.message;

import com.staffchat.support.security.StaffPrincipal;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Messages by id for catch-up sync (GET /api/v1/sync): the same {@link MessageView} the message endpoints answer,
 * deleted ones as placeholders, hard-deleted ones as their stubs, reactions as the caller sees them. Which ids the
 * caller may see is the caller's business (sync picks them from the conversations the caller is in).
 */
@Service
public class MessageChanges {

    private final MessageRepository repository;
    private final Messages messages;

    MessageChanges(MessageRepository repository, Messages messages) {
        this.repository = repository;
        this.messages = messages;
    }

    /** The messages with these ids in the caller's hotel, by conversation and seq: two queries, however many. */
    public Mono<List<MessageView>> byIds(StaffPrincipal caller, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        return repository
                .byIds(caller.hotel(), ids.toArray(Long[]::new))
                .collectList()
                .flatMap(found -> messages.withReactions(caller, found));
    }
}

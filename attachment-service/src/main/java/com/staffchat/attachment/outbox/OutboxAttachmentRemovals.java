package com.staffchat.attachment.outbox;

import com.staffchat.attachment.linking.AttachmentRemovals;
import com.staffchat.attachment.linking.Removal;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code AttachmentDeleted} through the outbox for what the linking package removes (a deleted message's files,
 * uploads never sent), in the transaction that marks the row deleted.
 */
@Component
class OutboxAttachmentRemovals implements AttachmentRemovals {

    private final Outbox outbox;

    OutboxAttachmentRemovals(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> removed(Removal removal) {
        return outbox.append(removal.hotel(), removal.event());
    }

    @Override
    public void committed() {
        outbox.committed();
    }
}

package com.staffchat.attachment.outbox;

import com.staffchat.attachment.thumbnail.ThumbnailEvents;
import com.staffchat.events.ThumbnailReady;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code ThumbnailReady} through the outbox, in the transaction that marks the thumbnail ready. */
@Component
class OutboxThumbnailEvents implements ThumbnailEvents {

    private final Outbox outbox;

    OutboxThumbnailEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> thumbnailReady(String hotel, ThumbnailReady event) {
        return outbox.append(hotel, event);
    }

    @Override
    public void committed() {
        outbox.committed();
    }
}

package com.staffchat.attachment.thumbnail;

import com.staffchat.events.ThumbnailReady;
import reactor.core.publisher.Mono;

/**
 * Where {@code ThumbnailReady} goes. Called inside the transaction that marks the thumbnail ready, so an
 * outbox implementation (the only one: {@code outbox.OutboxThumbnailEvents}) stores the event exactly when
 * the state changes.
 */
public interface ThumbnailEvents {

    /** Publishes (or stores for publishing) {@code event} of {@code hotel}. */
    Mono<Void> thumbnailReady(String hotel, ThumbnailReady event);

    /** The transaction that called {@link #thumbnailReady} has committed: what it stored can go now. */
    default void committed() {}
}

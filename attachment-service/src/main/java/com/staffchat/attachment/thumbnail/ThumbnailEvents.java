package com.staffchat.attachment.thumbnail;

import com.staffchat.events.ThumbnailReady;
import reactor.core.publisher.Mono;

/**
 * Where {@code ThumbnailReady} goes. Called inside the transaction that marks the thumbnail ready, so an
 * outbox implementation stores the event exactly when the state changes; a direct implementation
 * ({@link KafkaThumbnailEvents}) sends it before that commit, so a failed commit can repeat an event
 * (the sweep makes the thumbnail again) but never lose one.
 */
public interface ThumbnailEvents {

    /** Publishes (or stores for publishing) {@code event} of {@code hotel}. */
    Mono<Void> thumbnailReady(String hotel, ThumbnailReady event);
}

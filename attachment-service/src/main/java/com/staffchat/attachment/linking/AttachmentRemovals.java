package com.staffchat.attachment.linking;

import reactor.core.publisher.Mono;

/**
 * Told of every attachment this package removes: where {@code AttachmentDeleted} is published from
 * ({@code outbox.OutboxAttachmentRemovals}: the event appended in {@link #removed}, the relay woken in
 * {@link #committed}). Without a bean of this type removals are only logged.
 */
public interface AttachmentRemovals {

    /** Called inside the transaction that marks the row deleted, after its files are gone; fails it if it fails. */
    Mono<Void> removed(Removal removal);

    /** Called once that transaction committed (with at least one removal). */
    default void committed() {}
}

package com.staffchat.notification.push;

import java.util.Collection;
import reactor.core.publisher.Mono;

/**
 * Removes device tokens that FCM said are no longer valid ({@code UNREGISTERED}, or
 * {@code INVALID_ARGUMENT} for that token). The device registry implements it; {@link FcmSender}
 * requires it, so pushes never run without a way to forget dead tokens.
 */
public interface DeviceTokenRemoval {

    /** Forgets these tokens, whoever registered them; tokens already gone are ignored. */
    Mono<Void> remove(Collection<String> tokens);
}

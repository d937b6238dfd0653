package com.staffchat.notification.push;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Mono;

/** The device registry's part in tests: remembers which tokens it was told to remove. */
final class RecordingTokenRemoval implements DeviceTokenRemoval {

    private final List<String> removed = new ArrayList<>();

    @Override
    public Mono<Void> remove(Collection<String> tokens) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                removed.addAll(tokens);
            }
        });
    }

    synchronized List<String> removed() {
        return List.copyOf(removed);
    }

    synchronized void clear() {
        removed.clear();
    }
}

package com.staffchat.attachment.upload;

import com.staffchat.attachment.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One file on its way into the store under {@code key}: a single put when its first chunk is also its last,
 * otherwise a multipart upload, started with the first chunk and completed with the last. {@link #abort()}
 * leaves nothing behind, whatever stage it stopped at.
 */
final class ObjectUpload {

    private static final Logger log = LoggerFactory.getLogger(ObjectUpload.class);

    private final ObjectStore store;
    private final String key;
    private final List<CompletedPart> parts = new ArrayList<>();
    private volatile String contentType;
    private volatile String uploadId;
    private volatile boolean started;

    ObjectUpload(ObjectStore store, String key) {
        this.store = store;
        this.key = key;
    }

    String key() {
        return key;
    }

    /** Stores {@code chunk}; the first chunk comes with the detected content type. */
    Mono<Void> write(Chunks.Chunk chunk, String detectedType) {
        if (chunk.index() == 0) {
            contentType = detectedType;
            started = true;
            if (chunk.last()) {
                return store.put(key, contentType, chunk.bytes(), chunk.length());
            }
        }
        Mono<Void> start = uploadId != null
                ? Mono.empty()
                : store.startMultipart(key, contentType)
                        .doOnNext(id -> uploadId = id)
                        .then();
        return start.then(Mono.defer(
                        () -> store.uploadPart(key, uploadId, chunk.index() + 1, chunk.bytes(), chunk.length())))
                .doOnNext(parts::add)
                .then(chunk.last() ? Mono.defer(() -> store.completeMultipart(key, uploadId, parts)) : Mono.empty());
    }

    /** Drops whatever was stored: the multipart upload (its parts) and the object, if either exists. */
    Mono<Void> abort() {
        if (!started) {
            return Mono.empty();
        }
        Mono<Void> abortParts = uploadId == null ? Mono.empty() : store.abortMultipart(key, uploadId);
        return abortParts
                .onErrorResume(e -> Mono.empty())
                .then(store.delete(List.of(key)))
                .onErrorResume(e -> {
                    // the store is down: the object (if any) stays; logged so an operator can remove it
                    log.error("Could not remove {} after a failed upload: {}", key, e.toString());
                    return Mono.empty();
                });
    }
}

package com.staffchat.attachment.upload;

import com.staffchat.attachment.AttachmentProperties;
import com.staffchat.attachment.DependencyUnavailable;
import com.staffchat.attachment.metadata.Attachment;
import com.staffchat.attachment.metadata.AttachmentRepository;
import com.staffchat.attachment.metadata.AttachmentView;
import com.staffchat.attachment.outbox.Outbox;
import com.staffchat.attachment.participation.Participation;
import com.staffchat.attachment.storage.ObjectStore;
import com.staffchat.attachment.thumbnail.AttachmentRef;
import com.staffchat.attachment.thumbnail.ThumbnailMaker;
import com.staffchat.attachment.thumbnail.ThumbnailRefusedException;
import com.staffchat.attachment.thumbnail.Thumbnails;
import com.staffchat.events.AttachmentUploaded;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An upload of 1 to {@code max-files} files to a conversation, all or nothing. The caller must take part in
 * the conversation (asked before the body is read). Each file streams to S3 while it arrives, in parts of
 * {@code part-size}, checked by its content on its first part and hashed throughout; once every file is
 * stored, their rows and AttachmentUploaded events are written in one transaction. Any refusal or failure
 * (a file too large, of a refused type, empty, one file too many, the store or database failing, the client
 * going away) removes every object this request stored, so nothing is half-written.
 */
@Component
public class Uploads {

    static final String PART_NAME = "files";

    private final Participation participation;
    private final ObjectStore store;
    private final AttachmentRepository repository;
    private final Outbox outbox;
    private final Thumbnails thumbnails;
    private final ThumbnailMaker thumbnailMaker;
    private final TransactionalOperator tx;
    private final AttachmentProperties properties;

    Uploads(
            Participation participation,
            ObjectStore store,
            AttachmentRepository repository,
            Outbox outbox,
            Thumbnails thumbnails,
            ThumbnailMaker thumbnailMaker,
            TransactionalOperator tx,
            AttachmentProperties properties) {
        this.participation = participation;
        this.store = store;
        this.repository = repository;
        this.outbox = outbox;
        this.thumbnails = thumbnails;
        this.thumbnailMaker = thumbnailMaker;
        this.tx = tx;
        this.properties = properties;
    }

    public Mono<UploadResult> upload(
            StaffPrincipal caller, String authorization, long conversationId, Flux<PartEvent> body) {
        return participation
                .require(authorization, conversationId, "conversation " + conversationId)
                .then(Mono.defer(() -> store(caller, conversationId, body)));
    }

    private Mono<UploadResult> store(StaffPrincipal caller, long conversationId, Flux<PartEvent> body) {
        List<ObjectUpload> uploads = new CopyOnWriteArrayList<>();
        AtomicInteger files = new AtomicInteger();
        Instant now = Instant.now();
        return body.onErrorMap(
                        e -> e instanceof DecodingException || e instanceof ServerWebInputException,
                        e -> DomainException.invalid("the body is not multipart/form-data with at least one part"))
                .windowUntil(PartEvent::isLast)
                .concatMap(window -> window.switchOnFirst((signal, events) -> {
                    if (!signal.hasValue()) {
                        return events.thenMany(Flux.<Attachment>empty());
                    }
                    PartEvent first = signal.get();
                    if (!(first instanceof FilePartEvent file) || !PART_NAME.equals(first.name())) {
                        return Flux.error(DomainException.invalid(
                                "only file parts named '" + PART_NAME + "' are accepted, not '" + first.name() + "'"));
                    }
                    if (files.incrementAndGet() > properties.maxFiles()) {
                        return Flux.error(DomainException.invalid(
                                PART_NAME + ": at most " + properties.maxFiles() + " files an upload"));
                    }
                    return storeFile(caller, conversationId, file, events.map(PartEvent::content), uploads, now)
                            .flux();
                }))
                .collectList()
                .flatMap(stored -> stored.isEmpty()
                        ? Mono.error(DomainException.invalid(PART_NAME + ": at least one file is required"))
                        : record(caller, stored))
                .onErrorResume(e -> removeAll(uploads).then(Mono.error(e)))
                .doOnCancel(() -> removeAll(uploads).subscribe());
    }

    private Mono<Attachment> storeFile(
            StaffPrincipal caller,
            long conversationId,
            FilePartEvent file,
            Flux<DataBuffer> content,
            List<ObjectUpload> uploads,
            Instant now) {
        String name = FileNames.sanitise(file.filename());
        String declared = file.headers().getFirst(HttpHeaders.CONTENT_TYPE);
        UUID id = UUID.randomUUID();
        ObjectUpload upload = new ObjectUpload(store, Attachment.objectKey(caller.hotel(), conversationId, id));
        uploads.add(upload);
        String[] type = new String[1];
        return Chunks.of(
                        content,
                        (int) properties.partSize().toBytes(),
                        properties.maxFileSize().toBytes(),
                        name)
                .concatMap(chunk -> {
                    if (chunk.index() > 0) {
                        return upload.write(chunk, null).thenReturn(chunk);
                    }
                    if (chunk.length() == 0) {
                        return Mono.error(DomainException.invalid(name + ": the file is empty"));
                    }
                    return Mono.fromCallable(() -> {
                                String detected = ContentTypes.detect(
                                        chunk.bytes(),
                                        Math.min(chunk.length(), ContentTypes.HEAD_BYTES),
                                        name,
                                        declared);
                                refusePixelBomb(name, detected, chunk.bytes(), chunk.length());
                                return detected;
                            })
                            .subscribeOn(Schedulers.boundedElastic())
                            .doOnNext(t -> type[0] = t)
                            .flatMap(t -> upload.write(chunk, t))
                            .thenReturn(chunk);
                })
                .last()
                .map(last -> new Attachment(
                        id,
                        caller.hotel(),
                        conversationId,
                        caller.staffId(),
                        null,
                        name,
                        type[0],
                        last.total(),
                        last.sha256(),
                        upload.key(),
                        null,
                        now,
                        null,
                        "PENDING",
                        null,
                        null));
    }

    /**
     * An image whose header declares more pixels than {@code staffchat.thumbnails.max-pixels} (a decompression bomb)
     * is refused with 422 before it is stored; a header not in the first part is left to the thumbnail job.
     */
    private void refusePixelBomb(String name, String type, byte[] head, int length) {
        if (!type.startsWith("image/") || !ThumbnailMaker.supports(type)) {
            return;
        }
        try {
            thumbnailMaker.checkDeclaredSize(head, length);
        } catch (ThumbnailRefusedException e) {
            if (e.reason() == ThumbnailRefusedException.Reason.PIXEL_BOMB) {
                throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, name + ": " + e.getMessage());
            }
        }
    }

    /** The rows and their events, in one transaction; then the relay is woken. */
    private Mono<UploadResult> record(StaffPrincipal caller, List<Attachment> stored) {
        Mono<List<Attachment>> rows = Flux.fromIterable(stored)
                .concatMap(a -> repository.insert(a).flatMap(saved -> outbox.append(
                                caller.hotel(),
                                new AttachmentUploaded(
                                        saved.id().toString(),
                                        saved.conversationId(),
                                        saved.uploaderId(),
                                        saved.fileName(),
                                        saved.contentType(),
                                        saved.sizeBytes(),
                                        saved.uploadedAt()))
                        .thenReturn(saved)))
                .collectList();
        return tx.transactional(rows)
                .onErrorMap(
                        e -> !(e instanceof DomainException || e instanceof ResponseStatusException),
                        e -> new DependencyUnavailable("The database cannot answer right now; nothing was stored", e))
                .doOnSuccess(saved -> {
                    outbox.committed();
                    // thumbnails after the commit, off the request path (the sweep catches what this misses)
                    saved.forEach(a -> thumbnails.submit(
                            new AttachmentRef(a.hotel(), a.id(), a.conversationId(), a.objectKey(), a.contentType())));
                })
                .map(saved ->
                        new UploadResult(saved.stream().map(AttachmentView::of).toList()));
    }

    private static Mono<Void> removeAll(List<ObjectUpload> uploads) {
        return Flux.fromIterable(uploads).concatMap(ObjectUpload::abort).then();
    }
}

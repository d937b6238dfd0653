package com.staffchat.message.attachment;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The attachments of a send, checked against attachment-service right now: for each id a current read ({@code GET
 * /api/v1/attachments/{id}} with the caller's own Authorization header, so attachment-service applies its own
 * tenancy and participation rules), then the send's own rules: the sender uploaded it, to this conversation, it is
 * ready, and no message has it yet. An id attachment-service does not show the caller, or one of another
 * conversation, is the same 400 "unknown attachment", which says nothing about whether it exists elsewhere.
 *
 * <p>"Not sent yet" is checked here for a clear answer, and enforced by the database: the send statement inserts
 * the links under a primary key on the attachment id ({@link #ALREADY_SENT_CONSTRAINT}), so of two sends racing with
 * one id exactly one stores anything.
 */
@Service
public class Attachments {

    /** The primary key of {@code message_attachment}: an attachment belongs to at most one message. */
    public static final String ALREADY_SENT_CONSTRAINT = "message_attachment_once";

    private final WebClient attachmentService;
    private final Duration timeout;

    Attachments(AttachmentServiceProperties properties) {
        this.attachmentService = WebClient.builder()
                .baseUrl(properties.attachmentUrl().toString())
                .build();
        this.timeout = properties.attachmentTimeout();
    }

    /**
     * The summaries of {@code ids} in the order given, once each passed the checks; a 400 for a list that is too long,
     * has a null or the same id twice, or names an id that is unknown or not the sender's; a 409 for one already sent
     * or not ready; {@link AttachmentServiceUnavailable} when attachment-service cannot answer. Empty ids: no call.
     */
    public Mono<List<AttachmentSummary>> checkForSend(
            StaffPrincipal caller, String authorization, long conversationId, List<UUID> ids, int maxAttachments) {
        if (ids == null || ids.isEmpty()) {
            return Mono.just(List.of());
        }
        try {
            requireWellFormed(ids, maxAttachments);
        } catch (DomainException e) {
            return Mono.error(e);
        }
        return Flux.fromStream(IntStream.range(0, ids.size()).boxed())
                .flatMapSequential(
                        i -> read(authorization, ids.get(i))
                                .map(found -> checked(caller, conversationId, i, ids.get(i), found)),
                        maxAttachments)
                .collectList();
    }

    /** A 400 for a list of ids that is too long, has a null, or has the same id twice; nothing to ask anyone. */
    public void requireWellFormed(List<UUID> ids, int maxAttachments) {
        if (ids.size() > maxAttachments) {
            throw DomainException.invalid(
                    "attachmentIds: at most " + maxAttachments + " attachments a message, got " + ids.size());
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            if (id == null) {
                throw DomainException.invalid("attachmentIds[" + i + "]: must not be null");
            }
            if (!seen.add(id)) {
                throw DomainException.invalid(
                        "attachmentIds[" + i + "]: attachment " + id + " is listed twice; send each once");
            }
        }
    }

    /** 409 {@code attachment-already-sent}: the id is another message's (the checks, or the database, said so). */
    public static DomainException alreadySent(String which) {
        return DomainException.conflict(
                "attachment-already-sent",
                "Attachment already sent",
                which + " is already part of a message; upload the file again to send it once more");
    }

    private static AttachmentSummary checked(
            StaffPrincipal caller, long conversationId, int index, UUID id, Optional<AttachmentRead> found) {
        String field = "attachmentIds[" + index + "]";
        if (found.isEmpty()
                || found.get().conversationId() == null
                || found.get().conversationId() != conversationId) {
            throw DomainException.invalid(field + ": unknown attachment " + id);
        }
        AttachmentRead attachment = found.get();
        if (attachment.uploaderId() == null || attachment.uploaderId() != caller.staffId()) {
            throw DomainException.invalid(
                    field + ": attachment " + id + " was uploaded by someone else; only its uploader may send it");
        }
        if (attachment.messageId() != null) {
            throw alreadySent(field + ": attachment " + id);
        }
        if (!AttachmentRead.READY.equals(attachment.status())) {
            throw DomainException.conflict(
                    "attachment-not-ready",
                    "Attachment not ready",
                    field + ": attachment " + id + " is " + attachment.status() + ", not READY; send it once it is");
        }
        if (attachment.fileName() == null || attachment.contentType() == null || attachment.sizeBytes() == null) {
            throw new AttachmentServiceUnavailable(
                    new IllegalStateException("attachment-service described " + id + " without name, type or size"));
        }
        return new AttachmentSummary(
                id.toString(), attachment.fileName(), attachment.contentType(), attachment.sizeBytes());
    }

    /**
     * The attachment as attachment-service shows it to the caller; empty when it does not (404: absent, deleted,
     * another hotel's, or of a conversation the caller is not in; 403 likewise). Anything else that is not a 200
     * (a refused token, a 5xx, no answer within the timeout, no connection) is an outage.
     */
    private Mono<Optional<AttachmentRead>> read(String authorization, UUID id) {
        return attachmentService
                .get()
                .uri("/api/v1/attachments/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .retrieve()
                .bodyToMono(AttachmentRead.class)
                .map(Optional::of)
                .timeout(timeout)
                .onErrorResume(
                        e -> e instanceof WebClientResponseException r
                                && (r.getStatusCode().value() == HttpStatus.NOT_FOUND.value()
                                        || r.getStatusCode().value() == HttpStatus.FORBIDDEN.value()),
                        e -> Mono.just(Optional.empty()))
                .onErrorMap(e -> !(e instanceof DomainException), AttachmentServiceUnavailable::new)
                .switchIfEmpty(Mono.error(
                        () -> new AttachmentServiceUnavailable(new IllegalStateException("empty answer for " + id))));
    }
}

package com.staffchat.attachment.download;

import com.staffchat.attachment.AttachmentProperties;
import com.staffchat.attachment.metadata.Attachment;
import com.staffchat.attachment.metadata.Attachments;
import com.staffchat.attachment.storage.ObjectStore;
import com.staffchat.attachment.thumbnail.ThumbnailKeys;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/attachments/{id}/url} and {@code .../thumbnail-url}: presigned GETs for participants of
 * the attachment's conversation, valid for {@code staffchat.attachments.download-url-ttl}. The store answers
 * them with {@code Content-Disposition: attachment} and the type detected at upload (never HTML or SVG,
 * which uploads refuse), so a browser saves the file rather than rendering it.
 */
@RestController
@RequestMapping("/api/v1/attachments")
class DownloadController {

    private final Attachments attachments;
    private final ObjectStore store;
    private final AttachmentProperties properties;

    DownloadController(Attachments attachments, ObjectStore store, AttachmentProperties properties) {
        this.attachments = attachments;
        this.store = store;
        this.properties = properties;
    }

    @GetMapping(path = "/{attachmentId}/url", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<DownloadUrl> url(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @PathVariable String attachmentId) {
        return attachments
                .visible(caller, authorization, attachmentId)
                .map(a -> presign(a.objectKey(), a.fileName(), a.contentType()));
    }

    @GetMapping(path = "/{attachmentId}/thumbnail-url", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<DownloadUrl> thumbnailUrl(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @PathVariable String attachmentId,
            @RequestParam(defaultValue = "small") String size) {
        if (!size.equals("small") && !size.equals("large")) {
            return Mono.error(DomainException.invalid("size: small or large"));
        }
        return attachments.visible(caller, authorization, attachmentId).flatMap(a -> {
            if (!a.thumbnailReady()) {
                return Mono.error(DomainException.notFound("a thumbnail of attachment " + attachmentId));
            }
            return Mono.just(thumbnail(a, size));
        });
    }

    /**
     * Thumbnails are objects next to the file ({@code ThumbnailKeys}), JPEG or (for a source with transparency)
     * PNG: the store answers with the type they were stored with.
     */
    private DownloadUrl thumbnail(Attachment a, String size) {
        String key = size.equals("large") ? ThumbnailKeys.large(a.objectKey()) : ThumbnailKeys.small(a.objectKey());
        return presign(key, stem(a.fileName()) + "-" + size, null);
    }

    private DownloadUrl presign(String key, String fileName, String contentType) {
        ObjectStore.PresignedUrl url = store.presignGet(
                key, properties.downloadUrlTtl(), ContentDispositions.attachment(fileName), contentType);
        return new DownloadUrl(url.url(), url.expiresAt());
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}

package com.staffchat.attachment.metadata;

import com.staffchat.support.security.StaffPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/attachments/{id}} (metadata) and {@code DELETE /api/v1/attachments/{id}}. */
@RestController
@RequestMapping("/api/v1/attachments")
class AttachmentController {

    private final Attachments attachments;

    AttachmentController(Attachments attachments) {
        this.attachments = attachments;
    }

    @GetMapping(path = "/{attachmentId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<AttachmentView> get(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @PathVariable String attachmentId) {
        return attachments.visible(caller, authorization, attachmentId).map(AttachmentView::of);
    }

    @DeleteMapping("/{attachmentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @PathVariable String attachmentId) {
        return attachments.delete(caller, authorization, attachmentId);
    }
}

package com.staffchat.attachment.upload;

import com.staffchat.support.security.StaffPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/conversations/{id}/attachments}: multipart {@code files}, read as a stream of part events
 * (never a whole file in memory or on disk).
 */
@RestController
class UploadController {

    private final Uploads uploads;

    UploadController(Uploads uploads) {
        this.uploads = uploads;
    }

    @PostMapping(
            path = "/api/v1/conversations/{conversationId}/attachments",
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<UploadResult> upload(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @PathVariable long conversationId,
            @RequestBody Flux<PartEvent> files) {
        return uploads.upload(caller, authorization, conversationId, files);
    }
}

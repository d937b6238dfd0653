package com.staffchat.message.message;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/conversations/{id}/messages}: send and list. */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/messages")
class MessageController {

    private final Messages messages;

    MessageController(Messages messages) {
        this.messages = messages;
    }

    /**
     * 201 with the stored message; 200 with the first one when the client id was sent before. The caller's own
     * Authorization header is what attachment-service is asked with, for each of {@code attachmentIds}.
     */
    @PostMapping
    Mono<ResponseEntity<MessageView>> send(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @PathVariable long conversationId,
            @Valid @RequestBody SendMessage request) {
        return messages.send(caller, authorization, conversationId, request)
                .map(s -> ResponseEntity.status(s.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(s.message()));
    }

    /**
     * Newest first ({@code before} a seq, or from the newest); oldest first with {@code after} a seq; newest first
     * {@code around} a seq. Hard-deleted messages appear as stubs in their place.
     */
    @GetMapping
    Mono<Messages.Page> list(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after,
            @RequestParam(required = false) Long around,
            @RequestParam(required = false) Integer limit) {
        return messages.list(caller, conversationId, before, after, around, limit)
                .flatMap(page -> messages.withReactions(caller, page));
    }
}

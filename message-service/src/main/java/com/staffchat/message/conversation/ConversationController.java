package com.staffchat.message.conversation;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/conversations}: start one, list mine, read one. */
@RestController
@RequestMapping("/api/v1/conversations")
class ConversationController {

    private final Conversations conversations;

    ConversationController(Conversations conversations) {
        this.conversations = conversations;
    }

    /** 201 with the new conversation; 200 with the existing one for a direct conversation that already exists. */
    @PostMapping
    Mono<ResponseEntity<ConversationView>> create(
            @AuthenticationPrincipal StaffPrincipal caller, @Valid @RequestBody CreateConversation request) {
        return conversations.create(caller, request).map(c -> ResponseEntity.status(
                        c.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(c.conversation()));
    }

    /**
     * A page of the caller's conversations, newest activity first. {@code cursor}: the page before's
     * {@code nextCursor}; {@code kind}: direct or group; {@code unread=true}: only those with unread
     * messages; {@code archived=true}: only the archived ones (for the caller, or for everyone).
     */
    @GetMapping
    Mono<Conversations.Page> list(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) Boolean unread,
            @RequestParam(required = false) Boolean archived) {
        return conversations.list(caller, new Conversations.ListRequest(limit, cursor, kind, unread, archived));
    }

    @GetMapping("/{conversationId}")
    Mono<ConversationView> get(@AuthenticationPrincipal StaffPrincipal caller, @PathVariable long conversationId) {
        return conversations.get(caller, conversationId);
    }
}

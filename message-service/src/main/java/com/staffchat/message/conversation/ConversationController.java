package com.staffchat.message.conversation;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import java.util.List;
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

    @GetMapping
    Mono<ConversationList> list(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        return conversations.list(caller, Math.max(1, Math.min(limit, 200))).map(ConversationList::new);
    }

    @GetMapping("/{conversationId}")
    Mono<ConversationView> get(@AuthenticationPrincipal StaffPrincipal caller, @PathVariable long conversationId) {
        return conversations.get(caller, conversationId);
    }

    record ConversationList(List<ConversationView> conversations) {}
}

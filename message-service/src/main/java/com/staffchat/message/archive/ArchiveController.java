package com.staffchat.message.archive;

import com.staffchat.message.conversation.ConversationView;
import com.staffchat.message.conversation.Conversations;
import com.staffchat.support.security.StaffPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/conversations/{id}/archive}: archive (POST) and unarchive (DELETE), {@code ?scope=me|all}. */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/archive")
class ArchiveController {

    private final Archives archives;
    private final Conversations conversations;

    ArchiveController(Archives archives, Conversations conversations) {
        this.archives = archives;
        this.conversations = conversations;
    }

    /** 200 with the conversation as the caller now sees it. */
    @PostMapping
    Mono<ConversationView> archive(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @RequestParam(required = false) String scope) {
        return set(caller, conversationId, scope, true);
    }

    @DeleteMapping
    Mono<ConversationView> unarchive(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @RequestParam(required = false) String scope) {
        return set(caller, conversationId, scope, false);
    }

    private Mono<ConversationView> set(StaffPrincipal caller, long conversationId, String scope, boolean archived) {
        return Mono.defer(() -> archives.set(caller, conversationId, Archives.scope(scope), archived))
                .then(Mono.defer(() -> conversations.get(caller, conversationId)));
    }
}

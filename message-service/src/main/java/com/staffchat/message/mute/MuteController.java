package com.staffchat.message.mute;

import com.staffchat.message.conversation.ConversationView;
import com.staffchat.message.conversation.Conversations;
import com.staffchat.support.security.StaffPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/conversations/{id}/mute}: mute (PUT, until a time or for good) and unmute (DELETE), for me. */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/mute")
class MuteController {

    private final Mutes mutes;
    private final Conversations conversations;

    MuteController(Mutes mutes, Conversations conversations) {
        this.mutes = mutes;
        this.conversations = conversations;
    }

    /** 200 with the conversation as the caller now sees it. */
    @PutMapping
    Mono<ConversationView> mute(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @RequestBody Mute request) {
        return mutes.mute(caller, conversationId, request)
                .then(Mono.defer(() -> conversations.get(caller, conversationId)));
    }

    @DeleteMapping
    Mono<ConversationView> unmute(@AuthenticationPrincipal StaffPrincipal caller, @PathVariable long conversationId) {
        return mutes.unmute(caller, conversationId).then(Mono.defer(() -> conversations.get(caller, conversationId)));
    }
}

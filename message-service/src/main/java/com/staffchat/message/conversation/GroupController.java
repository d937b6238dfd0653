package com.staffchat.message.conversation;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Group management: {@code PATCH /api/v1/conversations/{id}} and its participants (see {@link Groups}). */
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}")
class GroupController {

    private final Groups groups;

    GroupController(Groups groups) {
        this.groups = groups;
    }

    @PatchMapping
    Mono<ConversationView> update(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @Valid @RequestBody UpdateConversation request) {
        return groups.update(caller, conversationId, request);
    }

    @PostMapping("/participants")
    Mono<ConversationView> add(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @Valid @RequestBody AddParticipants request) {
        return groups.addParticipants(caller, conversationId, request.staffIds());
    }

    /** An admin removes someone; anyone removes themselves (leaves). */
    @DeleteMapping("/participants/{staffId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @PathVariable long staffId) {
        return groups.removeParticipant(caller, conversationId, staffId);
    }

    @PatchMapping("/participants/{staffId}")
    Mono<ConversationView> changeRole(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @PathVariable long staffId,
            @Valid @RequestBody ChangeRole request) {
        return groups.changeRole(caller, conversationId, staffId, request.role());
    }
}

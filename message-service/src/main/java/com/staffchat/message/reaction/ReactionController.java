package com.staffchat.message.reaction;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/messages/{messageId}/reactions}: react and take a reaction back. */
@RestController
@RequestMapping("/api/v1/messages/{messageId}/reactions")
class ReactionController {

    private final Reactions reactions;

    ReactionController(Reactions reactions) {
        this.reactions = reactions;
    }

    /** 201 when the reaction was added, 200 when the caller had already reacted so: both with the reactions. */
    @PostMapping
    Mono<ResponseEntity<ReactionsView>> add(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long messageId,
            @Valid @RequestBody AddReaction request) {
        return reactions.add(caller, messageId, request.emoji()).map(o -> ResponseEntity.status(
                        o.changed() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(o.view()));
    }

    /** 204 whether or not the caller had reacted so (the reaction is absent afterwards either way). */
    @DeleteMapping("/{emoji}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(
            @AuthenticationPrincipal StaffPrincipal caller, @PathVariable long messageId, @PathVariable String emoji) {
        return reactions.remove(caller, messageId, emoji).then();
    }
}

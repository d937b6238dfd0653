package com.staffchat.message.mention;

import com.staffchat.support.security.StaffPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/mentions}: my recent mentions across the conversations I take part in. */
@RestController
class MentionController {

    private final Mentions mentions;

    MentionController(Mentions mentions) {
        this.mentions = mentions;
    }

    /** Newest first; {@code before} the message id of the last one held pages back. */
    @GetMapping("/api/v1/mentions")
    Mono<Mentions.Page> mine(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Integer limit) {
        return mentions.mine(caller, before, limit);
    }
}

package com.staffchat.message.search;

import com.staffchat.support.security.StaffPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/search}: full-text search over the messages I can see. */
@RestController
class SearchController {

    private final Search search;

    SearchController(Search search) {
        this.search = search;
    }

    @GetMapping("/api/v1/search")
    Mono<Search.Page> search(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Long conversationId,
            @RequestParam(required = false) Long senderId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Boolean hasAttachment,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String sort) {
        return search.search(
                caller, new Search.Request(q, conversationId, senderId, from, to, hasAttachment, cursor, limit, sort));
    }
}

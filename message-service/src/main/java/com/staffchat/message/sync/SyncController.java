package com.staffchat.message.sync;

import com.staffchat.support.security.StaffPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/sync}: what changed for me since my cursor, so an app that was offline catches up in a few calls. */
@RestController
class SyncController {

    private final Sync sync;

    SyncController(Sync sync) {
        this.sync = sync;
    }

    @GetMapping("/api/v1/sync")
    Mono<SyncPage> sync(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) Integer limit) {
        return sync.sync(caller, since, limit);
    }
}

package com.staffchat.message.snapshot;

import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/admin/snapshots}: managers and admins queue a snapshot of each of their hotel's conversations. */
@RestController
@RequestMapping("/api/v1/admin")
class SnapshotController {

    private final Snapshots snapshots;

    SnapshotController(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    /** Answers once every snapshot is in the outbox; the relay publishes them right after. */
    @PostMapping("/snapshots")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<SnapshotsQueued> queue(@AuthenticationPrincipal StaffPrincipal caller) {
        if (!caller.isManager()) {
            return Mono.error(DomainException.forbidden("only managers and admins may ask for conversation snapshots"));
        }
        return snapshots.ofHotel(caller.hotel()).map(SnapshotsQueued::new);
    }

    /** How many conversation snapshots were queued for publishing. */
    record SnapshotsQueued(int queued) {}
}

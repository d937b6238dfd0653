package com.staffchat.message.snapshot;

import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code POST /actuator/snapshots} on the management port: queues a snapshot of every conversation of every hotel,
 * for an operator rebuilding a consumer's projection (docs/operations.md). Every hotel at once is no hotel's business,
 * so it is not on the public API; like every actuator endpoint but health, info and prometheus it needs a token, here
 * with the {@code admin} role.
 */
@Component
@Endpoint(id = "snapshots")
class SnapshotsEndpoint {

    private final Snapshots snapshots;

    SnapshotsEndpoint(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    @WriteOperation
    public Mono<AllQueued> queueAll(SecurityContext security) {
        if (!security.isUserInRole(StaffPrincipal.ADMIN)) {
            return Mono.error(DomainException.forbidden("only an admin token may snapshot every hotel"));
        }
        return snapshots
                .ofAllHotels()
                .map(hotels -> new AllQueued(
                        hotels.values().stream().mapToInt(Integer::intValue).sum(), hotels));
    }

    /** How many snapshots were queued, in all and per hotel. */
    record AllQueued(int queued, Map<String, Integer> hotels) {}
}

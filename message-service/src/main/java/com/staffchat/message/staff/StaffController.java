package com.staffchat.message.staff;

import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/staff} for everyone; {@code PUT /api/v1/admin/staff} for managers. */
@RestController
@RequestMapping("/api/v1")
class StaffController {

    private final StaffDirectory directory;

    StaffController(StaffDirectory directory) {
        this.directory = directory;
    }

    /** The caller's hotel's directory. */
    @GetMapping("/staff")
    Mono<StaffList> list(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestParam(name = "includeInactive", defaultValue = "false") boolean includeInactive) {
        return directory
                .list(caller.hotel(), includeInactive && caller.isManager())
                .collectList()
                .map(StaffList::new);
    }

    /**
     * Creates or updates people; {@code active: false} deactivates: from the next request on every
     * service refuses them (403) and their realtime connections are ended.
     */
    @PutMapping("/admin/staff")
    Mono<UpsertResult> upsert(@AuthenticationPrincipal StaffPrincipal caller, @Valid @RequestBody StaffUpsert request) {
        if (!caller.isManager()) {
            return Mono.error(DomainException.forbidden("only managers and admins may change the staff directory"));
        }
        var ids = new HashSet<Long>();
        for (StaffMember m : request.staff()) {
            if (!ids.add(m.id())) {
                return Mono.error(DomainException.invalid("staff id " + m.id() + " appears twice"));
            }
        }
        return directory
                .upsert(caller.hotel(), caller.staffId(), request.staff())
                .map(UpsertResult::new);
    }

    record StaffList(List<StaffEntry> staff) {}

    record StaffUpsert(@NotNull @Size(min = 1, max = 1000) List<@Valid @NotNull StaffMember> staff) {}

    record UpsertResult(int upserted) {}
}

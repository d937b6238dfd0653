package com.staffchat.notification.device;

import com.staffchat.support.security.StaffPrincipal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/devices}: the caller's push devices. {@code PUT /{token}} registers (201) or refreshes (200),
 * {@code DELETE /{token}} removes (204), {@code GET} lists.
 */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    private final Devices devices;

    DeviceController(Devices devices) {
        this.devices = devices;
    }

    /** The caller's devices, seen most recently first. */
    record DeviceList(List<DeviceView> devices) {}

    @GetMapping
    Mono<DeviceList> list(@AuthenticationPrincipal StaffPrincipal caller) {
        return devices.mine(caller).map(DeviceView::of).collectList().map(DeviceList::new);
    }

    @PutMapping("/{token}")
    Mono<ResponseEntity<DeviceView>> register(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable String token,
            @RequestBody RegisterDevice request) {
        return Mono.defer(() -> devices.register(caller, token, request))
                .map(r -> ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(DeviceView.of(r.device())));
    }

    @DeleteMapping("/{token}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@AuthenticationPrincipal StaffPrincipal caller, @PathVariable String token) {
        return Mono.defer(() -> devices.remove(caller, token));
    }
}

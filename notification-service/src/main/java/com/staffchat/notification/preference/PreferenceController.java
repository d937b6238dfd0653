package com.staffchat.notification.preference;

import com.staffchat.support.security.StaffPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/notification-preferences}: the caller's own, read ({@code GET}) and replaced whole ({@code PUT}). */
@RestController
@RequestMapping("/api/v1/notification-preferences")
class PreferenceController {

    private final NotificationPreferences preferences;

    PreferenceController(NotificationPreferences preferences) {
        this.preferences = preferences;
    }

    @GetMapping
    Mono<PreferenceDocument> get(@AuthenticationPrincipal StaffPrincipal caller) {
        return preferences.get(caller);
    }

    /** 200 with the preferences as stored. */
    @PutMapping
    Mono<PreferenceDocument> replace(
            @AuthenticationPrincipal StaffPrincipal caller, @RequestBody PreferenceDocument request) {
        return Mono.defer(() -> preferences.replace(caller, request));
    }
}

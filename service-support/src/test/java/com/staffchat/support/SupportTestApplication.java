package com.staffchat.support;

import com.staffchat.support.security.StaffPrincipal;
import com.staffchat.support.validation.MaxCodePoints;
import com.staffchat.support.validation.MultilineText;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A minimal service built on service-support, as every HTTP service is. */
@SpringBootApplication
public class SupportTestApplication {

    @RestController
    static class WhoAmI {
        @GetMapping("/api/v1/whoami")
        Mono<Map<String, Object>> whoami(@AuthenticationPrincipal StaffPrincipal caller) {
            return Mono.just(Map.of("staffId", caller.staffId(), "hotel", caller.hotel()));
        }

        @PostMapping("/api/v1/notes")
        Mono<Note> note(@Valid @RequestBody Note note) {
            return Mono.just(note);
        }

        @GetMapping("/api/v1/search/{scope}")
        Mono<String> search(@PathVariable String scope, @RequestParam String q) {
            return Mono.just(scope + ":" + q);
        }
    }

    public record Note(
            @MaxCodePoints(5) String title, @MultilineText String text, List<String> tags) {}
}

package com.staffchat.support;

import com.staffchat.support.security.StaffPrincipal;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
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
    }
}

package com.staffchat.notification.realtime;

import com.staffchat.notification.NotificationProperties;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/realtime/user-auth}: Pusher user authentication for {@code pusher:signin}.
 * The client posts {@code socket_id} as a form; the answer signs {@code user_data} whose {@code id}
 * is {@code {hotel}:{staffId}} ({@link #userId}), so the app can later end every connection of
 * that person ({@code terminate_connections}, see {@link StaffEventListener}). A deactivated person
 * never gets here: every path refuses them first (service-support).
 */
@RestController
@RequestMapping("/api/v1/realtime")
class UserAuthController {

    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String key;
    private final byte[] secret;

    UserAuthController(NotificationProperties properties) {
        String userInfo = URI.create(properties.pusher().url()).getRawUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("staffchat.pusher.url must carry the app key and secret as key:secret@");
        }
        this.key = userInfo.substring(0, colon);
        this.secret = userInfo.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    }

    /** The Pusher user id of a person: staff ids are unique only within a hotel. */
    static String userId(String hotel, long staffId) {
        return hotel + ":" + staffId;
    }

    @PostMapping(
            path = "/user-auth",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, String>> signIn(@AuthenticationPrincipal StaffPrincipal caller, ServerWebExchange exchange) {
        return AuthForms.read(exchange).flatMap(form -> {
            String socketId = form.getFirst("socket_id");
            if (socketId == null || !SOCKET_ID.matcher(socketId).matches()) {
                return Mono.error(DomainException.invalid("socket_id: a Pusher socket id like 1234.5678 is required"));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("staffId", caller.staffId());
            info.put("hotel", caller.hotel());
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", userId(caller.hotel(), caller.staffId()));
            user.put("user_info", info);
            String userData = JSON.writeValueAsString(user);
            String signature = hmac(socketId + "::user::" + userData);
            return Mono.just(Map.of("auth", key + ":" + signature, "user_data", userData));
        });
    }

    private String hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

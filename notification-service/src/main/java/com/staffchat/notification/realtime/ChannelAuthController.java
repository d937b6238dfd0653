package com.staffchat.notification.realtime;

import com.pusher.rest.data.PresenceUser;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/realtime/auth}: Pusher channel authorisation. The Pusher client posts
 * {@code socket_id} and {@code channel_name} as a form; we sign only where the caller belongs:
 * a conversation channel for its participants (asked of message-service, so a conversation
 * created a moment ago already counts), the personal channel for that person, the hotel's presence
 * channel for its staff. Everything else is 403.
 */
@RestController
@RequestMapping("/api/v1/realtime")
class ChannelAuthController {

    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");

    private final RealtimePublisher publisher;
    private final WebClient messageService;

    ChannelAuthController(RealtimePublisher publisher, NotificationProperties properties) {
        this.publisher = publisher;
        this.messageService = WebClient.builder()
                .baseUrl(properties.services().messageUrl().toString())
                .build();
    }

    @PostMapping(
            path = "/auth",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, String>> authorize(
            @AuthenticationPrincipal StaffPrincipal caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String socketId = form.getFirst("socket_id");
            String channel = form.getFirst("channel_name");
            if (socketId == null || !SOCKET_ID.matcher(socketId).matches()) {
                return Mono.error(DomainException.invalid("socket_id: a Pusher socket id like 1234.5678 is required"));
            }
            if (channel == null || channel.isBlank() || channel.length() > 164) {
                return Mono.error(DomainException.invalid("channel_name: required, at most 164 characters"));
            }
            return allowed(caller, channel, authorization).flatMap(ok -> {
                if (!ok) {
                    return Mono.error(DomainException.forbidden("you may not subscribe to " + channel));
                }
                return Mono.fromCallable(() -> sign(caller, socketId, channel))
                        .subscribeOn(Schedulers.boundedElastic());
            });
        });
    }

    private Mono<Boolean> allowed(StaffPrincipal caller, String channel, String authorization) {
        var conversation = ChannelNames.conversationOf(caller.hotel(), channel);
        if (conversation.isPresent()) {
            return messageService
                    .get()
                    .uri("/api/v1/conversations/{id}", conversation.getAsLong())
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .retrieve()
                    .toBodilessEntity()
                    .map(r -> true)
                    .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(false))
                    .onErrorResume(WebClientResponseException.Forbidden.class, e -> Mono.just(false));
        }
        var staff = ChannelNames.staffOf(caller.hotel(), channel);
        if (staff.isPresent()) {
            return Mono.just(staff.getAsLong() == caller.staffId());
        }
        return Mono.just(channel.equals(ChannelNames.presence(caller.hotel())));
    }

    private Map<String, String> sign(StaffPrincipal caller, String socketId, String channel) {
        String body = channel.startsWith("presence-")
                ? publisher
                        .pusher()
                        .authenticate(
                                socketId,
                                channel,
                                new PresenceUser(Long.toString(caller.staffId()), Map.of("staffId", caller.staffId())))
                : publisher.pusher().authenticate(socketId, channel);
        // pusher-http-java returns the JSON body; hand it back as the client expects it
        return new tools.jackson.databind.json.JsonMapper()
                .readValue(body, new tools.jackson.core.type.TypeReference<Map<String, String>>() {});
    }
}

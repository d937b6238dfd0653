package com.staffchat.notification.realtime;

import com.pusher.rest.data.PresenceUser;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.problem.ProblemResponses;
import com.staffchat.support.security.StaffPrincipal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/realtime/auth}: Pusher channel authorisation. The Pusher client posts
 * {@code socket_id} and {@code channel_name} as a form; we sign only where the caller belongs:
 * a conversation channel for its participants (asked of message-service, so a conversation
 * created a moment ago already counts), the personal channel for that person, the hotel's presence
 * channel for its staff. Everything else is 403. A form that cannot be read (bad percent-encoding,
 * over 256 KB) is a 400; message-service down, failing or too slow is a 503 with Retry-After, so
 * the Pusher client tries again rather than giving up on a 500.
 */
@RestController
@RequestMapping("/api/v1/realtime")
class ChannelAuthController {

    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");

    /** How long a membership check may take before the answer is 503. */
    static final Duration MESSAGE_SERVICE_TIMEOUT = Duration.ofSeconds(5);

    /** The Retry-After of a 503. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

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
        return AuthForms.read(exchange).flatMap(form -> {
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
                    .timeout(MESSAGE_SERVICE_TIMEOUT)
                    .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(false))
                    .onErrorResume(WebClientResponseException.Forbidden.class, e -> Mono.just(false))
                    .onErrorResume(WebClientResponseException.Unauthorized.class, e -> Mono.just(false))
                    .onErrorMap(
                            e -> e instanceof WebClientRequestException
                                    || e instanceof TimeoutException
                                    || e instanceof WebClientResponseException,
                            e -> new MessageServiceUnavailable(e));
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

    @ExceptionHandler(MessageServiceUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(MessageServiceUnavailable e, ServerWebExchange exchange) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "service-unavailable",
                "Service unavailable",
                "Conversation membership cannot be checked right now; try again shortly");
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** message-service could not answer whether the caller takes part in a conversation. */
    static final class MessageServiceUnavailable extends RuntimeException {
        MessageServiceUnavailable(Throwable cause) {
            super("message-service unavailable: " + cause, cause);
        }
    }
}

package com.staffchat.message.message;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/messages/{id}}: get, edit, history and delete one message. */
@RestController
@RequestMapping("/api/v1/messages/{messageId}")
class MessageLifecycleController {

    private final MessageLifecycle lifecycle;
    private final Messages messages;

    MessageLifecycleController(MessageLifecycle lifecycle, Messages messages) {
        this.lifecycle = lifecycle;
        this.messages = messages;
    }

    @GetMapping
    Mono<MessageView> get(@AuthenticationPrincipal StaffPrincipal caller, @PathVariable long messageId) {
        return lifecycle.get(caller, messageId).flatMap(m -> withReactions(caller, m));
    }

    /** 200 with the message as it is now (also when the text was the same and nothing changed). */
    @PatchMapping
    Mono<MessageView> edit(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long messageId,
            @Valid @RequestBody EditMessage request) {
        return lifecycle.edit(caller, messageId, request).flatMap(m -> withReactions(caller, m));
    }

    /** The message with its reactions as the caller sees them, as every message answer carries them. */
    private Mono<MessageView> withReactions(StaffPrincipal caller, MessageView message) {
        return messages.withReactions(caller, List.of(message)).map(list -> list.get(0));
    }

    @GetMapping("/history")
    Mono<MessageLifecycle.History> history(
            @AuthenticationPrincipal StaffPrincipal caller, @PathVariable long messageId) {
        return lifecycle.history(caller, messageId);
    }

    /** 204 once the message is deleted (also when it already was). */
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long messageId,
            @RequestParam(required = false) String mode) {
        return Mono.fromCallable(() -> MessageLifecycle.mode(mode))
                .flatMap(m -> lifecycle.delete(caller, messageId, m));
    }
}

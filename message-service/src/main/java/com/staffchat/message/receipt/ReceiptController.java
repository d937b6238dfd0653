package com.staffchat.message.receipt;

import com.staffchat.support.security.StaffPrincipal;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Mark read, read receipts of a message, and the caller's unread counts. */
@RestController
class ReceiptController {

    private final Receipts receipts;

    ReceiptController(Receipts receipts) {
        this.receipts = receipts;
    }

    /** 200 with the caller's position and unread counts, whether or not it moved. */
    @PostMapping("/api/v1/conversations/{conversationId}/read")
    Mono<ReadState> markRead(
            @AuthenticationPrincipal StaffPrincipal caller,
            @PathVariable long conversationId,
            @Valid @RequestBody MarkRead request) {
        return receipts.markRead(caller, conversationId, request.seq());
    }

    @GetMapping("/api/v1/messages/{messageId}/receipts")
    Mono<ReceiptsView> receipts(@AuthenticationPrincipal StaffPrincipal caller, @PathVariable long messageId) {
        return receipts.receipts(caller, messageId);
    }

    @GetMapping("/api/v1/unread")
    Mono<UnreadView> unread(@AuthenticationPrincipal StaffPrincipal caller) {
        return receipts.unread(caller);
    }
}

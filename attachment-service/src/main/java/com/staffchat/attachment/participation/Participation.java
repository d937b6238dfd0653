package com.staffchat.attachment.participation;

import com.staffchat.attachment.DependencyUnavailable;
import com.staffchat.support.problem.DomainException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Whether the caller takes part in a conversation, asked of message-service ({@code GET
 * /api/v1/conversations/{id}}) with the caller's own token, at the moment of the request: a person removed
 * from a conversation a second ago is refused now, and message-service's own tenancy rule (another hotel's
 * conversation is a 404) holds here unchanged. One call per upload or URL; docs/architecture.md says why.
 */
@Component
public class Participation {

    private final WebClient messageService;
    private final ServicesProperties properties;

    Participation(ServicesProperties properties) {
        this.messageService =
                WebClient.builder().baseUrl(properties.messageUrl().toString()).build();
        this.properties = properties;
    }

    /**
     * Completes if the bearer of {@code authorization} takes part in {@code conversationId}; a 404 problem
     * naming {@code what} if message-service says not (404, 403, 401 or another refusal), a 503 if it cannot
     * say (down, failing, slower than {@code staffchat.services.message-timeout}).
     */
    public Mono<Void> require(String authorization, long conversationId, String what) {
        return messageService
                .get()
                .uri("/api/v1/conversations/{id}", conversationId)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .retrieve()
                .toBodilessEntity()
                .timeout(properties.messageTimeout())
                .then()
                .onErrorMap(
                        e -> e instanceof WebClientResponseException r
                                && r.getStatusCode().is4xxClientError(),
                        e -> DomainException.notFound(what))
                .onErrorMap(
                        e -> !(e instanceof DomainException),
                        e -> new DependencyUnavailable(
                                "Conversation membership cannot be checked right now; retry later", e));
    }
}

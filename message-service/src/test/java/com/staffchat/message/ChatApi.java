package com.staffchat.message;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** A small typed client for the message API, so each test reads as the calls a client app makes. */
record ChatApi(WebTestClient client) {

    void seedStaff(String managerToken, long... ids) {
        List<Map<String, Object>> staff = Arrays.stream(ids)
                .mapToObj(id -> Map.<String, Object>of("id", id, "displayName", "Staff " + id))
                .toList();
        client.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(managerToken))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("staff", staff))
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** Activates or deactivates one person, as a manager of their hotel. */
    void setActive(String managerToken, long staffId, boolean active) {
        client.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(managerToken))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "staff", List.of(Map.of("id", staffId, "displayName", "Staff " + staffId, "active", active))))
                .exchange()
                .expectStatus()
                .isOk();
    }

    long createGroup(String token, String title, long... others) {
        Map<?, ?> body = client.post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "kind",
                        "GROUP",
                        "title",
                        title,
                        "participantIds",
                        Arrays.stream(others).boxed().toList()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    ResponseSpec createDirect(String token, long other) {
        return client.post()
                .uri("/api/v1/conversations")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "DIRECT", "participantIds", List.of(other)))
                .exchange();
    }

    ResponseSpec send(String token, long conversationId, String text, String clientId) {
        Map<String, Object> body = clientId == null ? Map.of("body", text) : Map.of("body", text, "clientId", clientId);
        return client.post()
                .uri("/api/v1/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    ResponseSpec reply(String token, long conversationId, String text, Object replyToId) {
        return client.post()
                .uri("/api/v1/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("body", text, "replyToId", replyToId))
                .exchange();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String token, long conversationId, String query) {
        Map<?, ?> page = client.get()
                .uri("/api/v1/conversations/" + conversationId + "/messages" + query)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) page.get("messages");
    }

    List<Long> listSeqs(String token, long conversationId, String query) {
        return list(token, conversationId, query).stream()
                .map(m -> ((Number) m.get("seq")).longValue())
                .toList();
    }

    List<Long> listIds(String token, long conversationId, String query) {
        Map<?, ?> page = client.get()
                .uri("/api/v1/conversations/" + conversationId + "/messages" + query)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((List<?>) page.get("messages"))
                .stream()
                        .map(m -> ((Number) ((Map<?, ?>) m).get("id")).longValue())
                        .toList();
    }

    // --- reactions (issue 16 part C) ---

    /** {@code POST /api/v1/messages/{id}/reactions} with {@code {"emoji": emoji}}. */
    ResponseSpec react(String token, long messageId, String emoji) {
        return reactWith(token, messageId, Map.of("emoji", emoji));
    }

    /** The same call with any body (a map, or a raw JSON string). */
    ResponseSpec reactWith(String token, Object messageId, Object body) {
        return client.post()
                .uri("/api/v1/messages/" + messageId + "/reactions")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** {@code DELETE /api/v1/messages/{id}/reactions/{emoji}}, the emoji percent-encoded as UTF-8. */
    ResponseSpec unreact(String token, long messageId, String emoji) {
        return unreactEncoded(
                token,
                messageId,
                java.net.URLEncoder.encode(emoji, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"));
    }

    /** The same call with the path segment exactly as given (already percent-encoded). */
    ResponseSpec unreactEncoded(String token, Object messageId, String encodedEmoji) {
        return client.delete()
                .uri(base -> java.net.URI.create(
                        base.build() + "/api/v1/messages/" + messageId + "/reactions/" + encodedEmoji))
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** The message with this id as {@code token} sees it in its conversation's newest page. */
    Map<String, Object> messageInList(String token, long conversationId, long messageId) {
        return list(token, conversationId, "?limit=200").stream()
                .filter(m -> ((Number) m.get("id")).longValue() == messageId)
                .findFirst()
                .orElseThrow();
    }

    /** Its {@code reactions}, as {@code token} sees them. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reactionsOf(String token, long conversationId, long messageId) {
        return (List<Map<String, Object>>)
                messageInList(token, conversationId, messageId).get("reactions");
    }
}

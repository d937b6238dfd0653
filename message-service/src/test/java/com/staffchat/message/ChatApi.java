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

    // ---- issue 16 part A: one message (get, edit, history, delete) and listing cursors ----

    /** Sends {@code text} and returns the new message's id. */
    long sendId(String token, long conversationId, String text) {
        Map<?, ?> body = send(token, conversationId, text, null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    ResponseSpec getMessage(String token, long messageId) {
        return client.get()
                .uri("/api/v1/messages/{id}", messageId)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** The message as a participant sees it (200 expected). */
    @SuppressWarnings("unchecked")
    Map<String, Object> message(String token, long messageId) {
        return getMessage(token, messageId)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    ResponseSpec edit(String token, long messageId, String text) {
        return editJson(token, messageId, Map.of("body", text));
    }

    /** PATCH with any JSON body (a map, or a raw string sent as is). */
    ResponseSpec editJson(String token, long messageId, Object body) {
        return client.patch()
                .uri("/api/v1/messages/{id}", messageId)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    ResponseSpec history(String token, long messageId) {
        return client.get()
                .uri("/api/v1/messages/{id}/history", messageId)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** The texts of a message, oldest first (200 expected). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> versions(String token, long messageId) {
        Map<?, ?> body = history(token, messageId)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) body.get("versions");
    }

    /** DELETE, with {@code ?mode=} when {@code mode} is not null. */
    ResponseSpec deleteMessage(String token, long messageId, String mode) {
        return client.delete()
                .uri(mode == null ? "/api/v1/messages/" + messageId : "/api/v1/messages/" + messageId + "?mode=" + mode)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** A listing whatever it answers, for bad cursors. */
    ResponseSpec listing(String token, long conversationId, String query) {
        return client.get()
                .uri("/api/v1/conversations/" + conversationId + "/messages" + query)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }
}

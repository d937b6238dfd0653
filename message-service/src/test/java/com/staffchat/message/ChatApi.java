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

    // --- mentions (issue 16 B) ---

    /** PUT /api/v1/admin/staff with these people, as given. */
    ResponseSpec upsertStaff(String token, List<Map<String, Object>> staff) {
        return client.put()
                .uri("/api/v1/admin/staff")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("staff", staff))
                .exchange();
    }

    /** GET /api/v1/staff: the directory's entries, by staff id. */
    @SuppressWarnings("unchecked")
    Map<Long, Map<String, Object>> staffById(String token) {
        Map<?, ?> body = client.get()
                .uri("/api/v1/staff?includeInactive=true")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<Long, Map<String, Object>> byId = new java.util.TreeMap<>();
        for (Object entry : (List<?>) body.get("staff")) {
            Map<String, Object> person = (Map<String, Object>) entry;
            byId.put(((Number) person.get("id")).longValue(), person);
        }
        return byId;
    }

    /** The staff ids a send answered as mentioned. */
    List<Long> sendMentioning(String token, long conversationId, String text) {
        Map<?, ?> sent = send(token, conversationId, text, null)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return longs(sent.get("mentions"));
    }

    /** GET /api/v1/mentions with a query ("" or "?limit=2&before=…"). */
    ResponseSpec mentions(String token, String query) {
        return client.get()
                .uri("/api/v1/mentions" + query)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** A page of my mentions (200 expected). */
    @SuppressWarnings("unchecked")
    Map<String, Object> mentionPage(String token, String query) {
        return mentions(token, query)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** The message ids of a page of my mentions, in the order given. */
    List<Long> mentionedMessageIds(String token, String query) {
        return ((List<?>) mentionPage(token, query).get("mentions"))
                .stream()
                        .map(m -> ((Number) ((Map<?, ?>) m).get("messageId")).longValue())
                        .toList();
    }

    static List<Long> longs(Object numbers) {
        return ((List<?>) numbers).stream().map(n -> ((Number) n).longValue()).toList();
    }

    // read receipts and unread (issue 16 part D)

    /** {@code POST /conversations/{id}/read} with a raw JSON body, for bad input too. */
    ResponseSpec markReadRaw(String token, Object conversationId, String json) {
        return client.post()
                .uri("/api/v1/conversations/" + conversationId + "/read")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    ResponseSpec markRead(String token, long conversationId, long seq) {
        return markReadRaw(token, conversationId, "{\"seq\":" + seq + "}");
    }

    /** Marks read and returns the answer: lastReadSeq, lastSeq, unreadCount, totalUnreadCount, moved. */
    Map<String, Object> markReadOk(String token, long conversationId, long seq) {
        return body(markRead(token, conversationId, seq).expectStatus().isOk());
    }

    ResponseSpec receipts(String token, Object messageId) {
        return client.get()
                .uri("/api/v1/messages/" + messageId + "/receipts")
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    Map<String, Object> receiptsOk(String token, long messageId) {
        return body(receipts(token, messageId).expectStatus().isOk());
    }

    ResponseSpec unread(String token) {
        return client.get()
                .uri("/api/v1/unread")
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    Map<String, Object> unreadOk(String token) {
        return body(unread(token).expectStatus().isOk());
    }

    /** Sends and returns the stored message (id, seq, ...). */
    Map<String, Object> sendOk(String token, long conversationId, String text) {
        return body(send(token, conversationId, text, null).expectStatus().isCreated());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ResponseSpec spec) {
        return spec.expectBody(Map.class).returnResult().getResponseBody();
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

    // --- archive and mute (issue 17, H3) ---

    /** {@code POST /conversations/{id}/archive}, with {@code ?scope=} when {@code scope} is not null. */
    ResponseSpec archive(String token, Object conversationId, String scope) {
        return client.post()
                .uri("/api/v1/conversations/" + conversationId + "/archive" + (scope == null ? "" : "?scope=" + scope))
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** {@code DELETE /conversations/{id}/archive}, with {@code ?scope=} when {@code scope} is not null. */
    ResponseSpec unarchive(String token, Object conversationId, String scope) {
        return client.delete()
                .uri("/api/v1/conversations/" + conversationId + "/archive" + (scope == null ? "" : "?scope=" + scope))
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** {@code PUT /conversations/{id}/mute} with a raw JSON body ({@code {}} mutes for good). */
    ResponseSpec mute(String token, Object conversationId, String json) {
        return client.put()
                .uri("/api/v1/conversations/" + conversationId + "/mute")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    ResponseSpec unmute(String token, Object conversationId) {
        return client.delete()
                .uri("/api/v1/conversations/" + conversationId + "/mute")
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    // --- my conversations (issue 17, the list) ---

    /** {@code GET /api/v1/conversations} with a query ("" or "?limit=3&cursor=…"), whatever it answers. */
    ResponseSpec conversations(String token, String query) {
        return client.get()
                .uri(base -> java.net.URI.create(base.build() + "/api/v1/conversations" + query))
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** A page of my conversations (200 expected): conversations, hasMore, nextCursor. */
    Map<String, Object> conversationPage(String token, String query) {
        return body(conversations(token, query).expectStatus().isOk());
    }

    /** The entries of a page of my conversations, in the order given. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> conversationEntries(String token, String query) {
        return (List<Map<String, Object>>) conversationPage(token, query).get("conversations");
    }

    /** The ids of a page of my conversations, in the order given. */
    List<Long> conversationIds(String token, String query) {
        return conversationEntries(token, query).stream()
                .map(c -> ((Number) c.get("id")).longValue())
                .toList();
    }

    /** {@code GET /api/v1/conversations/{id}}, whatever it answers. */
    ResponseSpec conversation(String token, Object conversationId) {
        return client.get()
                .uri("/api/v1/conversations/" + conversationId)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** One conversation as {@code token} sees it (200 expected). */
    Map<String, Object> conversationOk(String token, long conversationId) {
        return body(conversation(token, conversationId).expectStatus().isOk());
    }

    // --- catch-up sync (issue 17, H5) ---

    /** {@code GET /api/v1/sync} with {@code since} (omitted when null) and {@code limit} (omitted when null). */
    ResponseSpec sync(String token, String since, Integer limit) {
        StringBuilder query = new StringBuilder();
        if (since != null) {
            query.append("since=").append(java.net.URLEncoder.encode(since, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (limit != null) {
            query.append(query.isEmpty() ? "" : "&").append("limit=").append(limit);
        }
        return client.get()
                .uri(base -> java.net.URI.create(base.build() + "/api/v1/sync" + (query.isEmpty() ? "" : "?" + query)))
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** A sync page (200 expected). */
    Map<String, Object> syncOk(String token, String since, Integer limit) {
        return body(sync(token, since, limit).expectStatus().isOk());
    }

    // --- group management (issue 17, H2) ---

    /** {@code POST /api/v1/conversations/{id}/participants} with {@code {"staffIds": [...]}}. */
    ResponseSpec addParticipants(String token, long conversationId, List<Long> staffIds) {
        return addParticipantsWith(token, conversationId, Map.of("staffIds", staffIds));
    }

    /** The same call with any body (a map, or a raw JSON string). */
    ResponseSpec addParticipantsWith(String token, long conversationId, Object body) {
        return client.post()
                .uri("/api/v1/conversations/" + conversationId + "/participants")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** {@code DELETE /api/v1/conversations/{id}/participants/{staffId}}: remove, or leave when it is the caller. */
    ResponseSpec removeParticipant(String token, long conversationId, long staffId) {
        return client.delete()
                .uri("/api/v1/conversations/" + conversationId + "/participants/" + staffId)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** {@code PATCH /api/v1/conversations/{id}/participants/{staffId}} with {@code {"role": role}}. */
    ResponseSpec changeRole(String token, long conversationId, long staffId, Object body) {
        return client.patch()
                .uri("/api/v1/conversations/" + conversationId + "/participants/" + staffId)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body instanceof String role && !role.startsWith("{") ? Map.of("role", role) : body)
                .exchange();
    }

    /** {@code PATCH /api/v1/conversations/{id}} with the given body (a map, or a raw JSON string). */
    ResponseSpec updateConversation(String token, long conversationId, Object body) {
        return client.patch()
                .uri("/api/v1/conversations/" + conversationId)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** A group with these others and {@code historyVisible}, created by {@code token}. */
    long createGroup(String token, String title, boolean historyVisible, long... others) {
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
                        Arrays.stream(others).boxed().toList(),
                        "historyVisible",
                        historyVisible))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("id")).longValue();
    }

    // --- search (issue 17, H4) ---

    /** {@code GET /api/v1/search} with {@code query} as given (already encoded, e.g. {@code q=towel&limit=5}). */
    ResponseSpec search(String token, String query) {
        return client.get()
                .uri(base -> java.net.URI.create(base.build() + "/api/v1/search?" + query))
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange();
    }

    /** A page of search results for words {@code q} (encoded here) and more {@code params} (encoded). */
    Map<String, Object> searchOk(String token, String q, String params) {
        return body(
                search(token, "q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8) + params)
                        .expectStatus()
                        .isOk());
    }

    /** The message ids of a page of search results. */
    List<Long> searchIds(String token, String q, String params) {
        return ((List<?>) searchOk(token, q, params).get("results"))
                .stream()
                        .map(r -> ((Number) ((Map<?, ?>) r).get("messageId")).longValue())
                        .toList();
    }
}

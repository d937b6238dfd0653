package com.staffchat.message.api;

import com.staffchat.support.openapi.OperationDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * message-service's OpenAPI document ({@code /v3/api-docs}, gathered at the gateway under
 * {@code /v3/api-docs/message}): examples and problem responses for every operation. A new
 * endpoint gets its entry here; the gateway's route test fails on an endpoint it does not route.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Staff Chat: message-service",
                        version = "v1",
                        description =
                                "Staff directory, conversations and messages of the caller's hotel. The hotel and the"
                                        + " caller come from the bearer token, never from the body."))
class ApiDocumentation {

    static final String CONVERSATION = """
            {"id":1585247236530177,"kind":"GROUP","title":"Front desk","description":null,"avatarUrl":null,
             "createdBy":1,"createdAt":"2026-11-24T08:19:56.100Z","lastSeq":3,"lastMessageAt":"2026-11-24T08:21:02.010Z",
             "unreadCount":1,"participants":[{"staffId":1,"role":"ADMIN","lastReadSeq":3},
             {"staffId":2,"role":"MEMBER","lastReadSeq":2},{"staffId":5,"role":"MEMBER","lastReadSeq":3}]}
            """;

    static final String DIRECT = """
            {"id":1585247236530300,"kind":"DIRECT","title":null,"description":null,"avatarUrl":null,
             "createdBy":1,"createdAt":"2026-11-24T08:30:00.000Z","lastSeq":0,"lastMessageAt":null,
             "unreadCount":0,"participants":[{"staffId":1,"role":"MEMBER","lastReadSeq":0},
             {"staffId":2,"role":"MEMBER","lastReadSeq":0}]}
            """;

    static final String MESSAGE = """
            {"id":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "body":"Room 12 needs towels","replyToId":null,"clientId":"c-42",
             "createdAt":"2026-11-24T08:21:02.010Z","editedAt":null,"deleted":false}
            """;

    static final String REACTIONS = """
            {"messageId":1585247236534273,"conversationId":1585247236530177,"seq":3,
             "reactions":[{"emoji":"👍","count":7,"staffIds":[2,5,8,11,12],"reactedByMe":true},
             {"emoji":"❤️","count":1,"staffIds":[5],"reactedByMe":false}]}
            """;

    @Bean
    OpenApiCustomizer messageServiceOperations() {
        return new OperationDocs()
                .operation("GET", "/api/v1/staff", op -> op.tag("Staff directory")
                        .summary("The caller's hotel's staff directory")
                        .description("Active staff of the caller's hotel; managers may add `includeInactive=true`.")
                        .parameter("includeInactive", "managers only: also list deactivated people", "false")
                        .response(200, "The directory", """
                                {"staff":[{"id":1,"displayName":"M. Gustave","department":"management",
                                 "title":"Concierge","active":true},
                                 {"id":2,"displayName":"Zero Moustafa","department":"lobby","title":"Lobby boy",
                                 "active":true}]}
                                """))
                .operation("PUT", "/api/v1/admin/staff", op -> op.tag("Staff directory")
                        .summary("Create, update or deactivate people (managers and admins)")
                        .description("Upserts by staff id; `\"active\": false` deactivates. 1 to 1000 people.")
                        .requestExample("upsert", "Two people, one deactivated", """
                                {"staff":[{"id":1,"displayName":"M. Gustave","department":"management",
                                 "title":"Concierge","active":true},
                                 {"id":7,"displayName":"Dmitri","department":"lobby","title":null,"active":false}]}
                                """)
                        .response(200, "How many people were created or updated", "{\"upserted\":2}")
                        .problem(400, "staff id 7 appears twice")
                        .problem(403, "only managers and admins may change the staff directory"))
                .operation("POST", "/api/v1/conversations", op -> op.tag("Conversations")
                        .summary("Start a conversation")
                        .description("The caller is always a participant (and admin of a group they create). A"
                                + " direct conversation is unique per pair: asking again answers 200 with the"
                                + " existing one.")
                        .requestExample(
                                "group",
                                "A group",
                                "{\"kind\":\"GROUP\",\"title\":\"Front desk\",\"participantIds\":[2,5]}")
                        .requestExample(
                                "direct", "A direct conversation", "{\"kind\":\"DIRECT\",\"participantIds\":[2]}")
                        .response(201, "The new conversation", CONVERSATION)
                        .response(200, "The direct conversation that already existed", DIRECT)
                        .problem(400, "not active staff of this hotel: [9]"))
                .operation("GET", "/api/v1/conversations", op -> op.tag("Conversations")
                        .summary("The caller's conversations")
                        .description("Most recently active first.")
                        .parameter("limit", "how many, 1 to 200", "50")
                        .response(200, "The conversations", "{\"conversations\":[" + CONVERSATION + "]}"))
                .operation("GET", "/api/v1/conversations/{conversationId}", op -> op.tag("Conversations")
                        .summary("One conversation")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .response(200, "The conversation", CONVERSATION)
                        .problem(404, "conversation 42 was not found"))
                .operation("POST", "/api/v1/conversations/{conversationId}/messages", op -> op.tag("Messages")
                        .summary("Send a message")
                        .description("`body`: 1 to 8,000 characters after trimming. Send the same `clientId`"
                                + " again after a timeout and the first message comes back with 200, never a"
                                + " duplicate. `replyToId` must be a message of the same conversation.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .requestExample(
                                "text",
                                "A message",
                                "{\"body\":\"Room 12 needs towels\",\"replyToId\":null,\"clientId\":\"c-42\"}")
                        .response(201, "The stored message", MESSAGE)
                        .response(200, "The message first sent with this clientId", MESSAGE)
                        .problem(400, "body: at most 8000 characters")
                        .problem(404, "conversation 42 was not found"))
                .operation("GET", "/api/v1/conversations/{conversationId}/messages", op -> op.tag("Messages")
                        .summary("List messages")
                        .description("Newest first; `before` pages back. With `after`, newer messages oldest first"
                                + " (catching up after a gap).")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .parameter("before", "page back from this message id", null)
                        .parameter("after", "messages newer than this message id, oldest first", null)
                        .parameter("limit", "how many, 1 to 200 (default 50)", "50")
                        .response(200, "A page of messages", "{\"messages\":[" + MESSAGE + "],\"hasMore\":true}")
                        .problem(400, "give either 'before' or 'after', not both")
                        .problem(404, "conversation 42 was not found"))
                .operation("POST", "/api/v1/messages/{messageId}/reactions", op -> op.tag("Reactions")
                        .summary("React to a message with one emoji")
                        .description("`emoji`: exactly one emoji (any single emoji Unicode recommends, such as"
                                + " 👍, 👍🏽, 🇭🇺, 1️⃣ or 👨‍👩‍👧; the seed's quick reactions 👍 ❤️ 😊 😂 😮 😢 🎉 🔥 ✅ 👏)."
                                + " ❤ and ❤️ are the same reaction: it is stored and shown fully qualified. One"
                                + " person, one emoji, once per message: reacting again answers 200 and changes"
                                + " nothing. The answer is the message's reactions: per emoji the count, the first 5"
                                + " who reacted (in the order they did) and whether you did.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .requestExample("thumbs-up", "A thumbs up", "{\"emoji\":\"👍\"}")
                        .response(201, "The reaction was added: the message's reactions", REACTIONS)
                        .response(200, "You had already reacted with this emoji: nothing changed", REACTIONS)
                        .problem(
                                400,
                                "emoji: must be exactly one emoji (such as 👍, 👍🏽, 🇭🇺 or 👨‍👩‍👧), nothing else")
                        .problem(404, "message 42 was not found")
                        .problem(409, "message 42 was deleted; its reactions cannot change"))
                .operation("DELETE", "/api/v1/messages/{messageId}/reactions/{emoji}", op -> op.tag("Reactions")
                        .summary("Take back your reaction")
                        .description("`emoji` percent-encoded UTF-8 in the path (👍 is `%F0%9F%91%8D`); ❤ and ❤️"
                                + " name the same reaction. 204 whether or not you had reacted so: afterwards you"
                                + " have not.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .parameter("emoji", "the emoji, percent-encoded", "%F0%9F%91%8D")
                        .problem(
                                400,
                                "emoji: must be exactly one emoji (such as 👍, 👍🏽, 🇭🇺 or 👨‍👩‍👧), nothing else")
                        .problem(404, "message 42 was not found")
                        .problem(409, "message 42 was deleted; its reactions cannot change"));
    }
}

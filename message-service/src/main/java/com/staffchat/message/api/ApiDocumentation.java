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

    /** One conversation as the caller sees it (GET /conversations/{id}, and the create answers). */
    static final String CONVERSATION = """
            {"id":1585247236530177,"kind":"GROUP","title":"Front desk","description":null,"avatarUrl":null,
             "createdBy":1,"createdAt":"2026-11-24T08:19:56.100Z","lastSeq":3,"lastMessageAt":"2026-11-24T08:21:02.010Z",
             "activityAt":"2026-11-24T08:21:02.010Z","historyVisible":true,"role":"ADMIN","lastReadSeq":1,
             "unreadCount":2,"mentionCount":1,"muted":false,"mutedUntil":null,"archived":false,"archivedAt":null,
             "archivedForAll":false,"archivedForAllAt":null,"participantCount":3,"otherParticipant":null,
             "lastMessage":{"id":1585247236534273,"seq":3,"senderId":2,"senderDisplayName":"Zero Moustafa",
              "preview":"@m.gustave Room 12 needs towels","kind":"USER","createdAt":"2026-11-24T08:21:02.010Z",
              "deleted":false},
             "participants":[{"staffId":1,"role":"ADMIN","lastReadSeq":1},
             {"staffId":2,"role":"MEMBER","lastReadSeq":3},{"staffId":5,"role":"MEMBER","lastReadSeq":3}]}
            """;

    /** A page of catch-up sync: a new message, a deleted one, a read position and a removal. */
    static final String SYNC = """
            {"cursor":"czEuMTY4MDYyLjE3NjQ0NjU2MDA","hasMore":false,
             "conversations":[{"id":1585247236530177,"kind":"GROUP","title":"Front desk","description":null,
             "avatarUrl":null,"createdBy":1,"createdAt":"2026-11-24T08:19:56.100Z","lastSeq":4,
             "lastMessageAt":"2026-11-24T09:02:00.000Z","activityAt":"2026-11-24T09:02:00.000Z",
             "historyVisible":true,"role":"ADMIN","lastReadSeq":4,"unreadCount":0,"mentionCount":0,"muted":false,
             "mutedUntil":null,"archived":false,"archivedAt":null,"archivedForAll":false,"archivedForAllAt":null,
             "participantCount":2,"otherParticipant":null,
             "lastMessage":{"id":1585247236540001,"seq":4,"senderId":1,"senderDisplayName":"M. Gustave",
              "preview":"Towels delivered","kind":"USER","createdAt":"2026-11-24T09:02:00.000Z","deleted":false},
             "participants":[{"staffId":1,"role":"ADMIN","lastReadSeq":4},{"staffId":2,"role":"MEMBER","lastReadSeq":3}]}],
             "removedConversationIds":[1585247236530300],
             "participants":[{"conversationId":1585247236530177,"staffId":1,"role":"ADMIN","lastReadSeq":4,
             "joinedAt":"2026-11-24T08:19:56.100Z"}],
             "departures":[],
             "messages":[{"id":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "body":"[Message deleted]","replyTo":null,"mentions":[],"reactions":[],"attachments":[],
             "clientId":"c-42","createdAt":"2026-11-24T08:21:02.010Z","editedAt":null,
             "deletedAt":"2026-11-24T08:30:00.000Z","kind":"USER","system":null},
             {"id":1585247236540001,"conversationId":1585247236530177,"seq":4,"senderId":1,
             "body":"Towels delivered","replyTo":null,"mentions":[],"reactions":[],"attachments":[],
             "clientId":null,"createdAt":"2026-11-24T09:02:00.000Z","editedAt":null,"deletedAt":null,
             "kind":"USER","system":null}]}
            """;

    static final String DIRECT = """
            {"id":1585247236530300,"kind":"DIRECT","title":null,"description":null,"avatarUrl":null,
             "createdBy":1,"createdAt":"2026-11-24T08:30:00.000Z","lastSeq":0,"lastMessageAt":null,
             "activityAt":"2026-11-24T08:30:00.000Z","historyVisible":true,"role":"MEMBER","lastReadSeq":0,
             "unreadCount":0,"mentionCount":0,"muted":false,"mutedUntil":null,"archived":false,"archivedAt":null,
             "archivedForAll":false,"archivedForAllAt":null,"participantCount":2,
             "otherParticipant":{"staffId":2,"displayName":"Zero Moustafa","handle":"zero",
              "avatarUrl":"https://cdn.example/zero.png","active":true},
             "lastMessage":null,
             "participants":[{"staffId":1,"role":"MEMBER","lastReadSeq":0},
             {"staffId":2,"role":"MEMBER","lastReadSeq":0}]}
            """;

    /** A page of GET /conversations: the entries carry no participant list. */
    static final String CONVERSATION_PAGE = """
            {"conversations":[
             {"id":1585247236530177,"kind":"GROUP","title":"Front desk","description":null,"avatarUrl":null,
              "createdBy":1,"createdAt":"2026-11-24T08:19:56.100Z","lastSeq":3,
              "lastMessageAt":"2026-11-24T08:21:02.010Z","activityAt":"2026-11-24T08:21:02.010Z",
              "historyVisible":true,"role":"ADMIN","lastReadSeq":1,"unreadCount":2,"mentionCount":1,
              "muted":true,"mutedUntil":"2026-11-24T18:00:00Z","archived":false,"archivedAt":null,
              "archivedForAll":false,"archivedForAllAt":null,"participantCount":3,"otherParticipant":null,
              "lastMessage":{"id":1585247236534273,"seq":3,"senderId":2,"senderDisplayName":"Zero Moustafa",
               "preview":"@m.gustave Room 12 needs towels","kind":"USER","createdAt":"2026-11-24T08:21:02.010Z",
               "deleted":false},
              "participants":null}],
             "hasMore":true,"nextCursor":"djEuMTc5NTg1NzY2MjAxMDAwMC4xNTg1MjQ3MjM2NTMwMTc3"}
            """;

    static final String MESSAGE = """
            {"id":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "body":"Room 12 needs towels","replyTo":{"id":1585247236532225,"senderId":2,"preview":"Which room?"},
             "mentions":[],"reactions":[],"attachments":[],"clientId":"c-42",
             "createdAt":"2026-11-24T08:21:02.010Z","editedAt":null,"deletedAt":null,"kind":"USER","system":null}
            """;

    static final String EDITED = """
            {"id":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "body":"Room 14 needs towels","replyTo":{"id":1585247236532225,"senderId":2,"preview":"Which room?"},
             "mentions":[],"reactions":[],"attachments":[],"clientId":"c-42",
             "createdAt":"2026-11-24T08:21:02.010Z","editedAt":"2026-11-24T08:22:40.500Z","deletedAt":null,
             "kind":"USER","system":null}
            """;

    /** A deleted message (soft or hard): the placeholder in its place, nothing of its content. */
    static final String DELETED = """
            {"id":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "body":"[Message deleted]","replyTo":null,"mentions":[],"reactions":[],"attachments":[],
             "clientId":"c-42","createdAt":"2026-11-24T08:21:02.010Z","editedAt":null,
             "deletedAt":"2026-11-24T08:30:00.000Z","kind":"USER","system":null}
            """;

    static final String HISTORY = """
            {"messageId":1585247236534273,"versions":[
             {"version":1,"body":"Room 12 needs towels","writtenAt":"2026-11-24T08:21:02.010Z"},
             {"version":2,"body":"Room 14 needs towels","writtenAt":"2026-11-24T08:22:40.500Z"}]}
            """;

    static final String MENTIONS = """
            {"mentions":[{"messageId":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "kind":"handle","preview":"@zero Room 12 needs towels","createdAt":"2026-11-24T08:21:02.010Z",
             "editedAt":null}],"hasMore":false}
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
                                {"staff":[{"id":1,"displayName":"M. Gustave","handle":"m.gustave",
                                 "department":"Management","departmentHandle":"management","title":"Concierge",
                                 "active":true},
                                 {"id":2,"displayName":"Zero Moustafa","handle":"zero","department":"Lobby",
                                 "departmentHandle":"lobby","title":"Lobby boy","active":true}]}
                                """))
                .operation("PUT", "/api/v1/admin/staff", op -> op.tag("Staff directory")
                        .summary("Create, update or deactivate people (managers and admins)")
                        .description("Upserts by staff id; `\"active\": false` deactivates. 1 to 1000 people."
                                + " `handle` (optional): the mention handle, 2 to 32 letters, digits and `. _ -`"
                                + " inside, unique in the hotel whatever the case, not `all`, `here`, `everyone`,"
                                + " `channel` nor a department's handle; without one a person keeps theirs and a new"
                                + " person gets one made from the display name.")
                        .requestExample("upsert", "Two people, one deactivated", """
                                {"staff":[{"id":1,"displayName":"M. Gustave","handle":"m.gustave",
                                 "department":"Management","title":"Concierge","active":true},
                                 {"id":7,"displayName":"Dmitri","department":"lobby","title":null,"active":false}]}
                                """)
                        .response(200, "How many people were created or updated", "{\"upserted\":2}")
                        .problem(400, "handle of staff 7: 'all' is reserved")
                        .problem(409, "handle 'zero' is taken by staff 2")
                        .problem(403, "only managers and admins may change the staff directory"))
                .operation("POST", "/api/v1/admin/snapshots", op -> op.tag("Staff directory")
                        .summary("Republish the state of every conversation of the hotel (managers and admins)")
                        .description("Queues a `staffchat.conversation.snapshot` event per conversation of the"
                                + " caller's hotel on the conversation topic (docs/events.md), so a service that keeps"
                                + " a projection of conversations can rebuild it (docs/operations.md). No body. Answers"
                                + " once every snapshot is queued; they are published right after. Clients see"
                                + " nothing of it.")
                        .response(202, "How many conversation snapshots were queued", "{\"queued\":42}")
                        .problem(403, "only managers and admins may ask for conversation snapshots"))
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
                        .summary("My conversations, newest activity first")
                        .description("Ordered by `activityAt` (the newest message's time, else the creation), then"
                                + " id. Each entry: the last message's preview (100 code points; `[Message deleted]`"
                                + " with `deleted` once deleted; null when there is none or it is before the"
                                + " caller's visible history), the caller's `unreadCount`, `mentionCount`, `role`,"
                                + " `lastReadSeq`, `muted`/`mutedUntil` (null while muted: for good), `archived` (for"
                                + " the caller), `archivedForAll`; a direct conversation's `otherParticipant`, a"
                                + " group's `participantCount`. Without `archived=true` the list leaves out what is"
                                + " archived for the caller or for everyone; with it, lists only those. Page with"
                                + " `nextCursor` (null on the last page): a conversation that gets a new message while"
                                + " you page moves above the cursor, so it is never served twice (reload the first"
                                + " page, or follow `new-message`, to see it on top). One SQL statement a page.")
                        .parameter("limit", "how many, 1 to 200", "50")
                        .parameter(
                                "cursor",
                                "the previous page's nextCursor, unchanged",
                                "djEuMTc5NTg1NzY2MjAxMDAwMC4xNTg1MjQ3MjM2NTMwMTc3")
                        .parameter("kind", "only `direct` or only `group` conversations", "group")
                        .parameter("unread", "`true`: only conversations with unread messages", "true")
                        .parameter("archived", "`true`: only the archive (archived for me, or for everyone)", "false")
                        .response(200, "A page of my conversations", CONVERSATION_PAGE)
                        .problem(400, "limit: 1 to 200"))
                .operation("GET", "/api/v1/conversations/{conversationId}", op -> op.tag("Conversations")
                        .summary("One conversation, as the caller sees it")
                        .description("The entry the list shows, with `participants` (in joining order). 404 for"
                                + " anyone not in it now (outsiders, other hotels, people who left or were removed).")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .response(200, "The conversation", CONVERSATION)
                        .problem(404, "conversation 42 was not found"))
                .operation("POST", "/api/v1/conversations/{conversationId}/messages", op -> op.tag("Messages")
                        .summary("Send a message")
                        .description("`body`: 1 to 8,000 characters after trimming. Send the same `clientId`"
                                + " again after a timeout and the first message comes back with 200, never a"
                                + " duplicate. `replyToId` must be a message of the same conversation."
                                + " `attachmentIds`: up to 10 ids of files uploaded to attachment-service"
                                + " (`POST /api/v1/conversations/{id}/attachments`), each uploaded by the sender to"
                                + " this conversation, ready, and not sent before; with at least one, `body` may be"
                                + " empty or absent. Each id is checked with attachment-service at the moment of the"
                                + " send: an id it does not show the caller, or one of another conversation, is the"
                                + " same 400 `unknown attachment`; another person's upload is a 400; one not ready is"
                                + " a 409 `attachment-not-ready`; one already part of a message (also when two sends"
                                + " race with it) a 409 `attachment-already-sent`; attachment-service unavailable a"
                                + " 503 with `Retry-After` (nothing stored: send again with the same `clientId`)."
                                + " The message's `attachments` list `{id, fileName, contentType, sizeBytes}` in the"
                                + " order sent; the bytes come from attachment-service.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .requestExample(
                                "text",
                                "A message",
                                "{\"body\":\"Room 12 needs towels\",\"replyToId\":null,\"clientId\":\"c-42\"}")
                        .requestExample(
                                "attachments",
                                "A message with two files (the body may be empty)",
                                "{\"body\":\"Broken tap in 214\",\"clientId\":\"c-43\",\"attachmentIds\":"
                                        + "[\"6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a\","
                                        + "\"0b8e4b1d-6a0f-4d8e-8a8c-1f2d3e4f5a6b\"]}")
                        .response(201, "The stored message", MESSAGE)
                        .response(200, "The message first sent with this clientId", MESSAGE)
                        .problem(400, "attachmentIds[0]: unknown attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                        .problem(404, "conversation 42 was not found")
                        .problem(
                                409,
                                "attachmentIds[0]: attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a is already part of"
                                        + " a message; upload the file again to send it once more")
                        .problem(
                                503,
                                "Attachments cannot be checked right now and nothing was stored; retry after 1 s (a"
                                        + " send with the same clientId is safe to repeat)"))
                .operation("GET", "/api/v1/conversations/{conversationId}/messages", op -> op.tag("Messages")
                        .summary("List messages")
                        .description("Pages by `seq`. Newest first; `before` pages back. With `after`, newer messages"
                                + " oldest first (catching up after a gap). With `around`, newest first: that message,"
                                + " up to half the page newer and the rest older (jumping to a reply or mention)."
                                + " At most one cursor. Deleted messages keep their place as placeholders"
                                + " (`deletedAt` set), so seqs have no gaps.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .parameter("before", "messages with a lower seq, newest first (a seq, 1 or more)", null)
                        .parameter("after", "messages with a higher seq, oldest first (a seq, 0 or more)", null)
                        .parameter("around", "the message at this seq and its neighbours, newest first", null)
                        .parameter("limit", "how many; clamped to 1 to 200 (default 50)", "50")
                        .response(
                                200,
                                "A page of messages",
                                "{\"messages\":[" + MESSAGE + "," + DELETED.replace("\"seq\":3", "\"seq\":2")
                                        + "],\"hasMore\":true}")
                        .problem(400, "give at most one of 'before', 'after' and 'around'")
                        .problem(404, "conversation 42 was not found"))
                .operation("GET", "/api/v1/messages/{messageId}", op -> op.tag("Messages")
                        .summary("One message")
                        .description("For participants of its conversation. A deleted message (soft or hard) answers"
                                + " its placeholder: `deletedAt` set, `body` \"[Message deleted]\", nothing"
                                + " else of it.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .response(200, "The message", MESSAGE)
                        .problem(404, "message 42 was not found"))
                .operation("PATCH", "/api/v1/messages/{messageId}", op -> op.tag("Messages")
                        .summary("Edit a message (its sender only)")
                        .description("`body`: the same rules as a send (1 to 8,000 characters after trimming). The"
                                + " replaced text is kept in the history. The same text again answers 200 and"
                                + " changes nothing (no new version, no event). Nothing but `body` may be sent.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .requestExample("edit", "A new text", "{\"body\":\"Room 14 needs towels\"}")
                        .response(200, "The message as it is now", EDITED)
                        .problem(400, "body: at most 8000 characters")
                        .problem(403, "only the sender may edit a message")
                        .problem(404, "message 42 was not found")
                        .problem(409, "message 42 was deleted; it cannot be edited"))
                .operation("GET", "/api/v1/messages/{messageId}/history", op -> op.tag("Messages")
                        .summary("Every text a message has had")
                        .description("For participants. Oldest first, the current text last, each with the time it"
                                + " was written (sent or edited). Empty once the message is deleted: its text and"
                                + " history are erased.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .response(200, "The versions", HISTORY)
                        .problem(404, "message 42 was not found"))
                .operation("DELETE", "/api/v1/messages/{messageId}", op -> op.tag("Messages")
                        .summary("Delete a message")
                        .description("`mode=soft` (default): the sender, or a manager or admin of the hotel; the"
                                + " message becomes a placeholder in its place and its text, history and reply"
                                + " link are erased. `mode=hard`: managers and admins only; the message and its"
                                + " history are removed and a stub keeps its seq. Managers and admins may delete"
                                + " in conversations they are not part of (moderation) but still cannot read them."
                                + " Deleting a deleted message answers 204 and changes nothing; hard after soft"
                                + " removes it.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .parameter("mode", "`soft` (default) or `hard`", "soft")
                        .problem(400, "mode: 'soft' or 'hard'")
                        .problem(403, "only managers and admins may delete a message for good")
                        .problem(404, "message 42 was not found"))
                .operation("GET", "/api/v1/mentions", op -> op.tag("Mentions")
                        .summary("My recent mentions")
                        .description("Messages that mention the caller (`@handle`, `@department`, `@all`) in the"
                                + " conversations they still take part in, newest first; deleted messages are left"
                                + " out. Page back with `before` = the `messageId` of the last one held.")
                        .parameter("before", "mentions in messages with a lower id than this message id", null)
                        .parameter("limit", "how many, at least 1; above 200 is clamped to 200 (default 50)", "50")
                        .response(200, "A page of my mentions", MENTIONS)
                        .problem(400, "limit: must be at least 1"))
                // read receipts and unread (issue 16 part D)
                .operation("POST", "/api/v1/conversations/{conversationId}/read", op -> op.tag("Read receipts")
                        .summary("Mark the conversation read up to a seq")
                        .description("Moves the caller's read position forward to `seq` (a JSON integer, 0 or"
                                + " more); a `seq` beyond the newest message counts as the newest. At or below the"
                                + " current position nothing changes (`moved: false`, no event). Otherwise the"
                                + " conversation's channel gets `messages-read` and the caller's own channel"
                                + " `unread-count`. Answers the position and the unread counts either way.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .requestExample("read", "Read up to seq 3", "{\"seq\":3}")
                        .response(200, "The caller's position and unread counts", """
                                {"conversationId":1585247236530177,"lastReadSeq":3,"lastSeq":5,"unreadCount":2,
                                 "totalUnreadCount":7,"moved":true}
                                """)
                        .problem(400, "seq: must be greater than or equal to 0")
                        .problem(404, "conversation 42 was not found"))
                .operation("GET", "/api/v1/messages/{messageId}/receipts", op -> op.tag("Read receipts")
                        .summary("Who has read a message, and when")
                        .description("Every participant but the sender, in `readBy` (earliest first, with the time"
                                + " their read position first reached the message) or `notReadBy` (staff ids)."
                                + " For participants of the message's conversation.")
                        .parameter("messageId", "the message's id", "1585247236534273")
                        .response(200, "The receipts", """
                                {"messageId":1585247236534273,"conversationId":1585247236530177,"seq":3,
                                 "senderId":1,"readCount":1,"notReadCount":1,
                                 "readBy":[{"staffId":2,"readAt":"2026-11-24T08:22:10.120Z"}],"notReadBy":[5]}
                                """)
                        .problem(404, "message 42 was not found"))
                .operation("GET", "/api/v1/unread", op -> op.tag("Read receipts")
                        .summary("The caller's unread counts")
                        .description("The total across the caller's conversations, and each conversation with"
                                + " anything unread, most recently active first. Unread = the messages after the"
                                + " caller's read position; their own messages never are.")
                        .response(200, "The unread counts", """
                                {"totalUnreadCount":7,"conversations":[{"conversationId":1585247236530177,
                                 "unreadCount":2,"lastReadSeq":3,"lastSeq":5}]}
                                """))
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
                        .problem(409, "message 42 was deleted; its reactions cannot change"))
                // archive and mute (issue 17)
                .operation("POST", "/api/v1/conversations/{conversationId}/archive", op -> op.tag("Conversations")
                        .summary("Archive a conversation, for me or (group admins) for everyone")
                        .description("`scope=me` (default): the conversation leaves my list (archived) until a new"
                                + " message arrives, which brings it back by itself. `scope=all`: group admins"
                                + " only; the conversation becomes read-only for everyone: sends, edits and reactions"
                                + " answer 409 `conversation-archived`; reading, marking read and deleting messages"
                                + " still work. Archiving what is archived changes nothing (no event). Answers the"
                                + " conversation as the caller now sees it.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .parameter("scope", "`me` (default) or `all`", "me")
                        .response(200, "The conversation", CONVERSATION)
                        .problem(400, "scope: 'me' or 'all'")
                        .problem(403, "only a group admin may archive or unarchive a group for everyone")
                        .problem(404, "conversation 42 was not found")
                        .problem(
                                409,
                                "a direct conversation cannot be archived for everyone; archive it for yourself"
                                        + " (scope=me)"))
                .operation("DELETE", "/api/v1/conversations/{conversationId}/archive", op -> op.tag("Conversations")
                        .summary("Unarchive a conversation, for me or (group admins) for everyone")
                        .description("`scope=me` (default) brings it back to my list; `scope=all` (group admins)"
                                + " makes it writable again. Unarchiving what is not archived changes nothing.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .parameter("scope", "`me` (default) or `all`", "me")
                        .response(200, "The conversation", CONVERSATION)
                        .problem(400, "scope: 'me' or 'all'")
                        .problem(403, "only a group admin may archive or unarchive a group for everyone")
                        .problem(404, "conversation 42 was not found")
                        .problem(
                                409,
                                "a direct conversation cannot be archived for everyone; archive it for yourself"
                                        + " (scope=me)"))
                .operation("PUT", "/api/v1/conversations/{conversationId}/mute", op -> op.tag("Conversations")
                        .summary("Mute a conversation for me, until a time or for good")
                        .description("`until`: an instant in the future, at most 366 days ahead; `{}` mutes for"
                                + " good. Only the caller's own channel hears of it (`conversation-updated` with"
                                + " `muted`, `mutedUntil`). A mute changes no count: mentions and direct messages"
                                + " still count as unread. The same mute again changes nothing.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .requestExample("until", "Until a time", "{\"until\":\"2026-12-01T08:00:00Z\"}")
                        .requestExample("for-good", "For good", "{}")
                        .response(200, "The conversation", CONVERSATION)
                        .problem(400, "until: must be in the future (send {} to mute for good)")
                        .problem(404, "conversation 42 was not found"))
                .operation("DELETE", "/api/v1/conversations/{conversationId}/mute", op -> op.tag("Conversations")
                        .summary("Unmute a conversation for me")
                        .description("Unmuting what is not muted changes nothing.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .response(200, "The conversation", CONVERSATION)
                        .problem(404, "conversation 42 was not found"))
                // catch-up sync (issue 17, H5)
                .operation("GET", "/api/v1/sync", op -> op.tag("Sync")
                        .summary("Catch up: everything that changed for me since my cursor")
                        .description("Without `since`: only a fresh `cursor` (load your state, then sync from it)."
                                + " With `since` (the `cursor` of the last page, as received): the current state of"
                                + " what changed since, never intermediate states: `conversations` I am in whose"
                                + " state changed or that I joined (as `GET /conversations/{id}` answers them),"
                                + " `removedConversationIds` (conversations I left or was removed from: drop them),"
                                + " `participants` (rows of my conversations' participants that changed: joins,"
                                + " roles, read positions), `departures` (others who left; apply before"
                                + " `participants`), `messages` (created, edited, deleted as placeholders,"
                                + " reactions as I see them; only those I may see), by conversation and seq. While"
                                + " `hasMore`, call again at once with `cursor`. A page never splits one"
                                + " transaction's changes and carries at most `limit` messages (more only when one"
                                + " transaction changed more). Applying a page twice is harmless.")
                        .parameter("since", "the `cursor` of the last page, exactly as received (opaque)", null)
                        .parameter(
                                "limit",
                                "messages per page, at least 1; above 1000 is clamped to 1000 (default 500)",
                                "500")
                        .response(200, "A page of changes", SYNC)
                        .problem(
                                400,
                                "since: not a sync cursor; pass the cursor of the last page exactly as received, or"
                                        + " call GET /api/v1/sync without since for a fresh one")
                        .problem(
                                410,
                                "since: this cursor is older than 30 days; load your state afresh (GET /api/v1/sync"
                                        + " without since for a new cursor, then the conversation list and the"
                                        + " messages you show) and sync from there"))
                .operation("PATCH", "/api/v1/conversations/{conversationId}", op -> op.tag("Group management")
                        .summary("Change a group's title, description, avatar or history visibility (group admins)")
                        .description("Absent fields stay as they are; an empty `description` or `avatarUrl` clears"
                                + " it. `title` 1 to 100 characters, `description` up to 1,000 (lines allowed),"
                                + " `avatarUrl` an https URL up to 2,000 characters (an attachment id once"
                                + " attachments land, issue 19), `historyVisible`: whether people added later see"
                                + " the messages from before they joined. A new title is also a SYSTEM message in"
                                + " the stream. Everyone gets `conversation-updated` live.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .requestExample("rename", "A new title", "{\"title\":\"Front desk (night)\"}")
                        .response(200, "The conversation after the change", CONVERSATION)
                        .problem(400, "title: a group needs a title (1 to 100 characters, not blank)")
                        .problem(403, "only a group admin can do this")
                        .problem(404, "conversation 42 was not found")
                        .problem(409, "a direct conversation has exactly its two people and no admin"))
                .operation(
                        "POST", "/api/v1/conversations/{conversationId}/participants", op -> op.tag("Group management")
                                .summary("Add people to a group (group admins)")
                                .description("1 to 100 staff ids of active staff of your hotel; people already in are"
                                        + " ignored (nothing happens when all are). They see the messages from before they"
                                        + " joined unless the group hides its history, and have nothing unread. A SYSTEM"
                                        + " message records it; `participants-changed` live, and each new member gets"
                                        + " `conversation-updated` on their own channel.")
                                .parameter("conversationId", "the conversation's id", "1585247236530177")
                                .requestExample("add", "Two people", "{\"staffIds\":[4,7]}")
                                .response(200, "The conversation with its participants", CONVERSATION)
                                .problem(400, "staffIds: not active staff of this hotel: [77]")
                                .problem(403, "only a group admin can do this")
                                .problem(404, "conversation 42 was not found")
                                .problem(409, "conversation 42 is archived for everyone and read-only"))
                .operation("DELETE", "/api/v1/conversations/{conversationId}/participants/{staffId}", op -> op.tag(
                                "Group management")
                        .summary("Remove someone from a group (group admins), or leave it (your own id)")
                        .description("They lose the conversation at once: the API answers 404, channel"
                                + " authorization is refused and their realtime connections are ended so their"
                                + " subscription stops. When the last admin goes, the longest-standing member"
                                + " becomes admin. A SYSTEM message records it.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .parameter("staffId", "who is removed (your own id: you leave)", "5")
                        .problem(403, "only a group admin can do this")
                        .problem(404, "participant 5 was not found")
                        .problem(409, "a direct conversation has exactly its two people and no admin"))
                .operation("PATCH", "/api/v1/conversations/{conversationId}/participants/{staffId}", op -> op.tag(
                                "Group management")
                        .summary("Make a participant ADMIN or MEMBER (group admins)")
                        .description("Demoting the last admin promotes the longest-standing other member; the only"
                                + " participant cannot step down. A SYSTEM message records each change.")
                        .parameter("conversationId", "the conversation's id", "1585247236530177")
                        .parameter("staffId", "whose role changes", "2")
                        .requestExample("promote", "Make an admin", "{\"role\":\"ADMIN\"}")
                        .response(200, "The conversation with its participants", CONVERSATION)
                        .problem(400, "role: must be ADMIN or MEMBER")
                        .problem(403, "only a group admin can do this")
                        .problem(404, "participant 2 was not found")
                        .problem(409, "a group needs an admin: you are its only participant"));
    }

    static final String SEARCH = """
            {"results":[{"messageId":1585247236534273,"conversationId":1585247236530177,"seq":3,"senderId":1,
             "createdAt":"2026-11-24T08:21:02.010Z","editedAt":null,"hasAttachments":false,
             "snippet":{"text":"Zimmer 12 braucht frische Handtücher","highlights":[{"start":26,"end":36}]}}],
             "nextCursor":"AT4AAAAABaB2_wAAAAGfHf2BGxkxb7fA"}
            """;

    /** Search (issue 17): its own customizer, so the other operations are added beside it. */
    @Bean
    OpenApiCustomizer messageSearchOperations() {
        return new OperationDocs().operation("GET", "/api/v1/search", op -> op.tag("Search")
                .summary("Full-text search over the messages I can see")
                .description("Messages of the conversations the caller is in now (nothing from one they left or"
                        + " were removed from, nothing from before they joined a group that hides its history),"
                        + " by their current text; deleted messages never. Words match whatever their case and"
                        + " accents (`handtucher` finds Handtücher), and as prefixes from two characters on"
                        + " (`towel` finds towels); no stemming, for any language. `q` takes web-search syntax:"
                        + " `\"quoted phrase\"`, `or`, `-excluded`. Newest first; `sort=relevance`: best match first"
                        + " (then newest) among the newest 500 matches. Each hit"
                        + " has a `snippet`: plain `text` (not HTML: escape it as any message text) and"
                        + " `highlights`, the matched ranges in it (`start` inclusive, `end` exclusive, UTF-16"
                        + " code units). Chinese and Japanese: a run of characters without spaces is one word,"
                        + " found by its beginning only. Page on with `cursor` = `nextCursor`, with the same"
                        + " `q`, filters and `sort`. A search past its statement timeout (3 s) answers 503 with"
                        + " `Retry-After`.")
                .parameter("q", "the words: 1 to 500 characters, at least one word that must occur", "Handtücher")
                .parameter("conversationId", "only this conversation", null)
                .parameter("senderId", "only messages this person sent", null)
                .parameter("from", "only messages sent at or after this instant (ISO-8601)", "2026-11-24T00:00:00Z")
                .parameter("to", "only messages sent before this instant (ISO-8601)", "2026-11-25T00:00:00Z")
                .parameter("hasAttachment", "true: only messages with attachments; false: only without", null)
                .parameter("cursor", "the `nextCursor` of the page before", null)
                .parameter("limit", "how many, 1 to 100 (default 20)", "20")
                .parameter(
                        "sort", "`recent` (default): newest first; `relevance`: best first among the newest 500", null)
                .response(200, "A page of hits, newest first (or best first)", SEARCH)
                .problem(400, "q: nothing to search for (only operators, punctuation or excluded words)")
                .problem(503, "The service is over its capacity right now and stored nothing; retry after 1 s"));
    }
}

package com.staffchat.support.openapi;

import com.staffchat.support.problem.ProblemResponses;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problem responses every service can answer, as documented components: one RFC 9457 schema
 * and a response per status with an example of the body a client really receives.
 */
public final class ProblemDocs {

    /** Component name of the RFC 9457 problem schema. */
    public static final String SCHEMA = "Problem";

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** One documented problem status: component name, description and an example body. */
    record Kind(int status, String component, String description, String slug, String title, String detail) {}

    static final Map<Integer, Kind> KINDS = kinds(List.of(
            new Kind(
                    400,
                    "BadRequest",
                    "The request is invalid (`invalid-request`: a field is missing, too long or refers to nothing)"
                            + " or unreadable (`malformed-request`).",
                    "invalid-request",
                    "Invalid request",
                    "participantIds: must not be empty"),
            new Kind(
                    401,
                    "Unauthorized",
                    "No bearer token, or one that is expired, forged or lacks `sub`/`hotel`.",
                    "unauthorized",
                    "Authentication required",
                    "A valid bearer token is required"),
            new Kind(
                    403,
                    "Forbidden",
                    "The caller may not do this (`forbidden`, for example a non-manager changing the staff"
                            + " directory), or the caller's person is deactivated (`deactivated`, on every endpoint).",
                    "forbidden",
                    "Forbidden",
                    "only managers and admins may change the staff directory"),
            new Kind(
                    404,
                    "NotFound",
                    "Absent, another hotel's, or a conversation the caller is not in (indistinguishable on purpose).",
                    "not-found",
                    "Not found",
                    "conversation 42 was not found"),
            new Kind(
                    409,
                    "Conflict",
                    "The request conflicts with the current state (for example a mention handle someone else"
                            + " has, or editing a deleted message); nothing was written.",
                    "conflict",
                    "Conflict",
                    "message 42 was deleted; it cannot be edited"),
            new Kind(
                    410,
                    "Gone",
                    "What the request points at is no longer answered (`sync-cursor-expired`: a sync cursor older"
                            + " than the server replays; load your state afresh and sync from a new cursor).",
                    "sync-cursor-expired",
                    "Sync cursor expired",
                    "since: this cursor is older than 30 days; load your state afresh"),
            new Kind(
                    413,
                    "ContentTooLarge",
                    "A file is over the size limit (`content-too-large`); refused as soon as the limit is passed,"
                            + " and nothing of the request is kept.",
                    "content-too-large",
                    "Content Too Large",
                    "photo.jpg: larger than the limit of 52428800 bytes a file"),
            new Kind(
                    415,
                    "UnsupportedMediaType",
                    "The content is of a type the operation does not accept, or a name or declared type disagrees"
                            + " with it (`unsupported-media-type`); nothing of the request is kept.",
                    "unsupported-media-type",
                    "Unsupported Media Type",
                    "menu.pdf: the name says application/pdf but the content is image/png"),
            new Kind(
                    422,
                    "UnprocessableContent",
                    "The content is of an accepted type but cannot be processed safely, e.g. an image declaring more"
                            + " pixels than the server decodes (`unprocessable-content`); nothing of the request is"
                            + " kept.",
                    "unprocessable-content",
                    "Unprocessable Content",
                    "bomb.png: the image declares 100000 x 100000 pixels (10000000000); at most 50000000 are accepted"),
            new Kind(
                    429,
                    "TooManyRequests",
                    "The caller is over its rate limit at the gateway; see `Retry-After` and the"
                            + " `X-RateLimit-*` headers.",
                    "rate-limited",
                    "Too many requests",
                    "Slow down: this caller is over its request rate; retry after a second"),
            new Kind(
                    503,
                    "ServiceUnavailable",
                    "A service this request depends on cannot answer right now; retry later.",
                    "service-unavailable",
                    "Service unavailable",
                    "message-service cannot answer right now; retry later")));

    private ProblemDocs() {}

    private static Map<Integer, Kind> kinds(List<Kind> list) {
        Map<Integer, Kind> map = new LinkedHashMap<>();
        list.forEach(k -> map.put(k.status(), k));
        return map;
    }

    /** The statuses documented as shared problem responses. */
    public static List<Integer> statuses() {
        return List.copyOf(KINDS.keySet());
    }

    /** A {@code $ref} to the shared response for this status. */
    public static ApiResponse ref(int status) {
        return new ApiResponse().$ref("#/components/responses/" + kind(status).component());
    }

    /** An inline problem response whose example carries this operation's own detail and instance. */
    public static ApiResponse specific(int status, String detail, String instance) {
        Kind kind = kind(status);
        return response(kind, detail, instance);
    }

    static Kind kind(int status) {
        Kind kind = KINDS.get(status);
        if (kind == null) {
            throw new IllegalArgumentException("no documented problem response for status " + status);
        }
        return kind;
    }

    static Schema<?> schema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; `type` is stable, `detail` is written for the client developer")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description("stable problem type, " + ProblemResponses.TYPE_BASE + "{slug}"))
                .addProperty("title", new StringSchema().description("short summary of the problem type"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what went wrong with this request"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("the request path"))
                .required(List.of("type", "title", "status"));
    }

    static ApiResponse response(Kind kind, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemResponses.TYPE_BASE + kind.slug());
        body.put("title", kind.title());
        body.put("status", kind.status());
        body.put("detail", detail);
        body.put("instance", instance);
        return new ApiResponse()
                .description(kind.description())
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))
                                        .addExamples(
                                                kind.slug(),
                                                new Example()
                                                        .value(Json.mapper().valueToTree(body)))));
    }
}

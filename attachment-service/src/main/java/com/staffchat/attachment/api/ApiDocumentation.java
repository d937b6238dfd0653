package com.staffchat.attachment.api;

import com.staffchat.support.openapi.OperationDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * attachment-service's OpenAPI document ({@code /v3/api-docs}, gathered at the gateway under
 * {@code /v3/api-docs/attachment}): examples and problem responses for every operation.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Staff Chat: attachment-service",
                        version = "v1",
                        description = "Files staff share in a conversation: uploaded, checked by content, stored in S3"
                                + " and downloaded through short-lived signed URLs. Only participants of the"
                                + " conversation see a file; the hotel and the caller come from the bearer token."))
class ApiDocumentation {

    static final String UPLOAD_PATH = "/api/v1/conversations/{conversationId}/attachments";

    static final String ATTACHMENT = """
            {"id":"6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a","conversationId":1585247236530177,"uploaderId":1,
             "messageId":null,"fileName":"broken-tap.jpg","contentType":"image/jpeg","sizeBytes":482113,
             "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","status":"READY",
             "thumbnail":{"available":false,"width":null,"height":null},"uploadedAt":"2026-11-24T08:19:56.100Z"}
            """;

    static final String URL = """
            {"url":"https://files.example/staffchat-attachments/grand-budapest/1585247236530177/6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a?response-content-disposition=attachment%3B%20filename%3D%22broken-tap.jpg%22%3B%20filename%2A%3DUTF-8%27%27broken-tap.jpg&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=...",
             "expiresAt":"2026-11-24T08:24:56Z"}
            """;

    @Bean
    OpenApiCustomizer attachmentServiceOperations() {
        return new OperationDocs()
                .operation("POST", UPLOAD_PATH, op -> op.tag("Attachments")
                        .summary("Upload 1 to 10 files to a conversation")
                        .description("Multipart `files` (1 to `staffchat.attachments.max-files`, 10; each up to"
                                + " `max-file-size`, 50 MB), for participants of the conversation. Each file is"
                                + " streamed to storage as it arrives and checked by its content: images (JPEG, PNG,"
                                + " GIF, WebP, HEIC), PDF, office documents (docx, xlsx, pptx, odt, ods, odp, doc,"
                                + " xls, ppt), plain text, CSV, and MP4, MPEG, Ogg, WebM, M4A and WAV audio or video."
                                + " HTML and SVG are refused. A file name extension or part Content-Type that"
                                + " disagrees with the content is a 415. All or nothing: any refusal stores nothing."
                                + " The file name is kept only as metadata (path, control characters removed, at"
                                + " most 255 characters). Each stored file is announced as"
                                + " `staffchat.attachment.uploaded` (docs/events.md).")
                        .parameter("conversationId", "the conversation the files are shared in", "1585247236530177")
                        .response(
                                201,
                                "The stored attachments, in the order sent",
                                "{\"attachments\":[" + ATTACHMENT + "]}")
                        .withoutResponse(200)
                        .problem(400, "files: at most 10 files an upload")
                        .problem(404, "conversation 42 was not found")
                        .problem(413, "broken-tap.jpg: larger than the limit of 52428800 bytes a file")
                        .problem(415, "menu.pdf: the name says application/pdf but the content is image/png")
                        .problem(
                                422,
                                "bomb.png: the image declares 100000 x 100000 pixels (10000000000); at most 50000000 are accepted")
                        .problem(503, "File storage cannot answer right now; nothing was changed, retry later")
                        .problems(401, 403))
                .operation("GET", "/api/v1/attachments/{attachmentId}", op -> op.tag("Attachments")
                        .summary("An attachment's metadata")
                        .description("For participants of its conversation. `messageId` is null until the file is"
                                + " sent with a message; `thumbnail` is null for types without thumbnails (not an"
                                + " image or PDF). Another hotel's, a deleted one, or one of a conversation you are"
                                + " not in (any longer) is a 404.")
                        .parameter("attachmentId", "the attachment's id", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                        .response(200, "The attachment", ATTACHMENT)
                        .problem(404, "attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a was not found")
                        .problem(503, "Conversation membership cannot be checked right now; retry later")
                        .problems(401, 403))
                .operation("GET", "/api/v1/attachments/{attachmentId}/url", op -> op.tag("Attachments")
                        .summary("A short-lived signed download URL")
                        .description("A presigned GET of the file, valid for `staffchat.attachments.download-url-ttl`"
                                + " (5 minutes). The store answers it with `Content-Disposition: attachment;"
                                + " filename=\"ascii\"; filename*=UTF-8''…` (RFC 6266) and the type detected at"
                                + " upload, so browsers save the file rather than render it. Ask again for a new URL"
                                + " once it expired (a stale one is refused with 403 by the store).")
                        .parameter("attachmentId", "the attachment's id", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                        .response(200, "The URL and when it stops working", URL)
                        .problem(404, "attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a was not found")
                        .problem(503, "Conversation membership cannot be checked right now; retry later")
                        .problems(401, 403))
                .operation("GET", "/api/v1/attachments/{attachmentId}/thumbnail-url", op -> op.tag("Attachments")
                        .summary("A short-lived signed URL of the thumbnail")
                        .description("As `.../url`, for the JPEG thumbnail (`size=small` default, or `large`). 404"
                                + " while the attachment has no thumbnail (yet): not an image or PDF, or not made yet;"
                                + " `thumbnail.available` in the metadata says when it is.")
                        .parameter("attachmentId", "the attachment's id", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                        .parameter("size", "`small` (default) or `large`", "small")
                        .response(200, "The URL and when it stops working", URL)
                        .problem(400, "size: small or large")
                        .problem(404, "a thumbnail of attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a was not found")
                        .problem(503, "Conversation membership cannot be checked right now; retry later")
                        .problems(401, 403))
                .operation("DELETE", "/api/v1/attachments/{attachmentId}", op -> op.tag("Attachments")
                        .summary("Delete an attachment (its uploader, or a manager)")
                        .description("Removes the file and its thumbnails from storage, then the attachment (404"
                                + " from then on), and announces `staffchat.attachment.deleted`. Another"
                                + " participant who is not a manager or admin gets a 403.")
                        .parameter("attachmentId", "the attachment's id", "6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a")
                        .problem(
                                403,
                                "only the uploader of attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a or a manager"
                                        + " may delete it")
                        .problem(404, "attachment 6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a was not found")
                        .problem(503, "File storage cannot answer right now; nothing was changed, retry later")
                        .problems(401));
    }

    /** The upload's body: springdoc cannot describe a stream of part events, so it is said here. */
    @Bean
    OpenApiCustomizer multipartUploadBody() {
        return api -> {
            var item = api.getPaths() == null ? null : api.getPaths().get(UPLOAD_PATH);
            if (item == null || item.getPost() == null) {
                return;
            }
            var files = new ArraySchema()
                    .items(new StringSchema().format("binary"))
                    .minItems(1)
                    .maxItems(10)
                    .description("the files, each its own part named `files` with its file name");
            item.getPost()
                    .setRequestBody(new RequestBody()
                            .required(true)
                            .content(new Content()
                                    .addMediaType(
                                            org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE,
                                            new MediaType()
                                                    .schema(new ObjectSchema()
                                                            .addProperty("files", files)
                                                            .required(List.of("files")))
                                                    // what a form shows: each part's file name stands for its bytes
                                                    .example(Map.of(
                                                            "files",
                                                            List.of("broken-tap.jpg", "banquet-order.pdf"))))));
        };
    }
}

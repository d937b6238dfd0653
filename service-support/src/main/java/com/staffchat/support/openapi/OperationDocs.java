package com.staffchat.support.openapi;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * One service's descriptions of its operations, kept apart from the controllers: summary, request
 * and response examples and the problems each operation can answer. springdoc finds the operations
 * and their schemas in the controllers; this adds what a client developer needs to call them.
 *
 * <pre>{@code
 * new OperationDocs()
 *     .operation("GET", "/api/v1/staff", op -> op
 *         .summary("The caller's hotel's staff directory")
 *         .response(200, "The directory", "{\"staff\":[...]}"))
 * }</pre>
 */
public final class OperationDocs implements OpenApiCustomizer {

    private static final Logger log = LoggerFactory.getLogger(OperationDocs.class);
    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    private static final String ANY = "*/*";

    private final Map<String, Consumer<Operation>> operations = new LinkedHashMap<>();

    /** Describes {@code method path}, the path as the controller maps it ({@code /api/v1/conversations/{conversationId}}). */
    public OperationDocs operation(String method, String path, Consumer<Described> description) {
        operations.put(method.toUpperCase(Locale.ROOT) + " " + path, op -> description.accept(new Described(op, path)));
        return this;
    }

    @Override
    public void customise(OpenAPI api) {
        operations.forEach((key, describe) -> {
            String method = key.substring(0, key.indexOf(' '));
            String path = key.substring(key.indexOf(' ') + 1);
            PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
            Operation operation =
                    item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
            if (operation == null) {
                log.warn("OpenAPI description for {} matches no served operation; is the description stale?", key);
                return;
            }
            describe.accept(operation);
        });
    }

    /** Handlers that do not declare what they produce answer JSON: say so instead of {@code *}{@code /*}. */
    static void anyToJson(ApiResponse response) {
        Content content = response.getContent();
        if (content == null || !content.containsKey(ANY)) {
            return;
        }
        MediaType any = content.remove(ANY);
        content.putIfAbsent(JSON, any);
    }

    /** What one operation's description may say. */
    public static final class Described {

        private final Operation operation;
        private final String path;

        Described(Operation operation, String path) {
            this.operation = operation;
            this.path = path;
        }

        public Described summary(String summary) {
            operation.setSummary(summary);
            return this;
        }

        /** The group the operation is listed under (instead of the controller's class name). */
        public Described tag(String tag) {
            operation.setTags(new ArrayList<>(List.of(tag)));
            return this;
        }

        public Described description(String description) {
            operation.setDescription(description);
            return this;
        }

        /** Describes a path or query parameter springdoc found. */
        public Described parameter(String name, String description, String example) {
            if (operation.getParameters() != null) {
                operation.getParameters().stream()
                        .filter(p -> p.getName().equals(name))
                        .forEach(p -> {
                            p.setDescription(description);
                            if (example != null) {
                                p.setExample(example);
                            }
                        });
            }
            return this;
        }

        /** A named JSON request example; the body schema is springdoc's. */
        public Described requestExample(String name, String summary, String json) {
            MediaType media = requestMedia(JSON);
            media.addExamples(name, example(summary, json));
            return this;
        }

        /**
         * Replaces the request body with a form ({@code application/x-www-form-urlencoded}) of
         * string fields, for handlers that read the form themselves.
         */
        public Described formRequest(Map<String, String> fieldDescriptions, Map<String, String> example) {
            Schema<Object> schema = new ObjectSchema();
            fieldDescriptions.forEach(
                    (field, description) -> schema.addProperty(field, new StringSchema().description(description)));
            schema.setRequired(new ArrayList<>(fieldDescriptions.keySet()));
            operation.setRequestBody(new RequestBody()
                    .required(true)
                    .content(new Content()
                            .addMediaType(
                                    org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                                    new MediaType().schema(schema).example(example))));
            return this;
        }

        /**
         * A success response with a JSON example. The schema springdoc found for the handler's
         * return type is kept (and reused for another status of the same operation).
         */
        public Described response(int status, String description, String json) {
            ApiResponses responses = responses();
            responses.values().forEach(OperationDocs::anyToJson);
            Schema<?> schema = responses.values().stream()
                    .filter(r -> r.getContent() != null && r.getContent().get(JSON) != null)
                    .map(r -> r.getContent().get(JSON).getSchema())
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            String code = Integer.toString(status);
            ApiResponse response = responses.get(code);
            if (response == null || response.get$ref() != null) {
                response = new ApiResponse();
                responses.addApiResponse(code, response);
            }
            response.setDescription(description);
            if (response.getContent() == null) {
                response.setContent(new Content());
            }
            MediaType media = response.getContent().get(JSON);
            if (media == null) {
                media = new MediaType();
                response.getContent().addMediaType(JSON, media);
            }
            if (media.getSchema() == null) {
                media.setSchema(schema);
            }
            media.addExamples("example", example(description, json));
            return this;
        }

        /** Drops a response springdoc guessed that the operation never gives (e.g. 200 for a 201-only create). */
        public Described withoutResponse(int status) {
            responses().remove(Integer.toString(status));
            return this;
        }

        /** Problems this operation can answer, each with the shared example. */
        public Described problems(int... statuses) {
            for (int status : statuses) {
                responses().addApiResponse(Integer.toString(status), ProblemDocs.ref(status));
            }
            return this;
        }

        /** A problem with this operation's own example detail; the instance is the path with its sample ids. */
        public Described problem(int status, String detail) {
            responses()
                    .addApiResponse(
                            Integer.toString(status),
                            ProblemDocs.specific(status, detail, path.replaceAll("\\{[^}]+}", "42")));
            return this;
        }

        private ApiResponses responses() {
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            return operation.getResponses();
        }

        private MediaType requestMedia(String type) {
            if (operation.getRequestBody() == null) {
                operation.setRequestBody(new RequestBody().required(true));
            }
            RequestBody body = operation.getRequestBody();
            if (body.getContent() == null) {
                body.setContent(new Content());
            }
            MediaType media = body.getContent().get(type);
            if (media == null) {
                media = new MediaType();
                body.getContent().addMediaType(type, media);
            }
            return media;
        }

        private static Example example(String summary, String json) {
            try {
                return new Example().summary(summary).value(Json.mapper().readTree(json));
            } catch (Exception e) {
                throw new IllegalArgumentException("example is not JSON: " + json, e);
            }
        }
    }
}

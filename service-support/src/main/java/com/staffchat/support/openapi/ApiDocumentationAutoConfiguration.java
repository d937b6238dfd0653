package com.staffchat.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;

/**
 * What every service's OpenAPI document shares: the bearer scheme required on {@code /api/v1},
 * the RFC 9457 problem schema and responses, 401, 403 (deactivated) and 429 on every API operation, and a relative
 * server so "Try it out" goes to whoever served the document (the gateway, for clients).
 */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
public class ApiDocumentationAutoConfiguration {

    /** Name of the bearer security scheme in every document. */
    public static final String BEARER = "bearer";

    static final String API_PREFIX = "/api/v1/";

    /** Runs after each service's own operation descriptions, so it only fills in what they leave. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    GlobalOpenApiCustomizer staffChatCommonApiDocs() {
        return ApiDocumentationAutoConfiguration::addCommonParts;
    }

    static void addCommonParts(OpenAPI api) {
        api.setServers(List.of(new Server()
                .url("/")
                .description("the origin this document was fetched from: the gateway for clients")));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(
                BEARER,
                new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("HS256 JWT with `sub` (staff id), `hotel` (hotel slug), `roles` and `exp`;"
                                + " locally `./chat token --staff 1 --hotel grand-budapest --roles manager`"));
        components.addSchemas(ProblemDocs.SCHEMA, ProblemDocs.schema());
        ProblemDocs.KINDS
                .values()
                .forEach(kind -> components.addResponses(
                        kind.component(), ProblemDocs.response(kind, kind.detail(), "/api/v1/conversations/42")));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            if (!path.startsWith(API_PREFIX)) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.readOperationsMap().entrySet()) {
                Operation operation = entry.getValue();
                operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
                if (operation.getParameters() != null) {
                    // the bearer scheme carries the token; a header parameter for it would only confuse
                    operation.getParameters().removeIf(ApiDocumentationAutoConfiguration::isAuthorizationHeader);
                    if (operation.getParameters().isEmpty()) {
                        operation.setParameters(null);
                    }
                }
                ApiResponses responses =
                        operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                operation.setResponses(responses);
                responses.values().forEach(OperationDocs::anyToJson);
                responses.computeIfAbsent("401", s -> ProblemDocs.ref(401));
                responses.computeIfAbsent("403", s -> ProblemDocs.ref(403));
                responses.computeIfAbsent("429", s -> ProblemDocs.ref(429));
            }
        });
    }

    private static boolean isAuthorizationHeader(Parameter parameter) {
        return "header".equals(parameter.getIn()) && HttpHeaders.AUTHORIZATION.equalsIgnoreCase(parameter.getName());
    }
}

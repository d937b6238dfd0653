package com.staffchat.attachment.api;

import com.staffchat.support.openapi.OperationDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * attachment-service's OpenAPI document ({@code /v3/api-docs}, gathered at the gateway under
 * {@code /v3/api-docs/attachment}). It serves no client endpoint yet; uploads and downloads get
 * their entries here when they land, and the gateway routes them then.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Staff Chat: attachment-service",
                        version = "v1",
                        description = "Files staff attach to messages, stored in S3. No client endpoint yet."))
class ApiDocumentation {

    @Bean
    OpenApiCustomizer attachmentServiceOperations() {
        return new OperationDocs();
    }
}

package com.staffchat.notification.api;

import com.staffchat.support.openapi.OperationDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * notification-service's OpenAPI document ({@code /v3/api-docs}, gathered at the gateway under
 * {@code /v3/api-docs/notification}): examples and problem responses for every operation. A new
 * endpoint gets its entry here; the gateway's route test fails on an endpoint it does not route.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Staff Chat: notification-service",
                        version = "v1",
                        description = "Realtime channel authorisation for Pusher clients (and, in coming issues, push"
                                + " devices and notification preferences)."))
class ApiDocumentation {

    @Bean
    OpenApiCustomizer notificationServiceOperations() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("socket_id", "the Pusher socket id the client was given on connecting, like 1234.5678");
        fields.put(
                "channel_name",
                "private-{hotel}-staff-conversation-{id}, private-{hotel}-staff-{staffId} or presence-{hotel}-staff");
        Map<String, String> example = new LinkedHashMap<>();
        example.put("socket_id", "1234.5678");
        example.put("channel_name", "private-grand-budapest-staff-conversation-1585247236530177");
        return new OperationDocs()
                .operation("POST", "/api/v1/realtime/auth", op -> op.tag("Realtime")
                        .summary("Authorise a Pusher channel subscription")
                        .description("Pusher clients call this as their channel authorisation endpoint with the"
                                + " caller's bearer token. Signs a conversation channel for its participants, the"
                                + " personal channel for that person and the hotel's presence channel for its"
                                + " staff; presence answers carry `channel_data` with the staff id as `user_id`.")
                        .formRequest(fields, example)
                        .response(
                                200,
                                "The signature the Pusher client passes on to the realtime server",
                                "{\"auth\":\"staffchat-key:3f2a9c0e5d1b7a4c8e6f0b2d9a7c5e3f1b8d6a4c2e0f9b7d5a3c1e8f6b4d2a0c\"}")
                        .problem(400, "socket_id: a Pusher socket id like 1234.5678 is required")
                        .problem(
                                403,
                                "you may not subscribe to private-grand-budapest-staff-conversation-1585247236530177")
                        .problem(503, "message-service cannot answer right now; retry later"))
                .operation("POST", "/api/v1/realtime/user-auth", op -> op.tag("Realtime")
                        .summary("Sign a Pusher user in (pusher:signin)")
                        .description("Pusher clients call this as their user authentication endpoint"
                                + " (pusher-js `userAuthentication`, pusher-java-client `setUserAuthenticator`)"
                                + " and then `signin()`. The user id is `{hotel}:{staffId}`; signing in is what"
                                + " lets the system end every connection of a person who is deactivated.")
                        .formRequest(
                                Map.of("socket_id", "the Pusher socket id the client was given on connecting"),
                                Map.of("socket_id", "1234.5678"))
                        .response(
                                200,
                                "The signature and user data the Pusher client passes on to the realtime server",
                                "{\"auth\":\"staffchat-key:8b1f0c2e4d6a8c0e2f4a6c8e0a2c4e6f8a0c2e4f6a8c0e2a4c6e8f0a2c4e6f8a\","
                                        + "\"user_data\":\"{\\\"id\\\":\\\"grand-budapest:7\\\","
                                        + "\\\"user_info\\\":{\\\"staffId\\\":7,\\\"hotel\\\":\\\"grand-budapest\\\"}}\"}")
                        .problem(400, "socket_id: a Pusher socket id like 1234.5678 is required")
                        .problem(403, "your account is deactivated"));
    }
}

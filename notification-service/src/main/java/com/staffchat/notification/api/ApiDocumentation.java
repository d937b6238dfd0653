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
                        description = "Realtime channel authorisation for Pusher clients, push devices and"
                                + " notification preferences."))
class ApiDocumentation {

    private static final String FCM_TOKEN =
            "cR2x9Q0aTmK8bY3uE1nV7z:APA91bHqL0f7T2m5xW8sJ4kP9dR3vN6cY1eB5gU0hZ7aQ2wK4tF8jM6oS3iX9lD1";
    private static final String DEVICE = "{\"token\":\"" + FCM_TOKEN + "\",\"platform\":\"ANDROID\","
            + "\"appVersion\":\"3.2.1\",\"locale\":\"de-AT\",\"registeredAt\":\"2026-05-04T08:15:30.120Z\","
            + "\"lastSeenAt\":\"2026-05-04T08:15:30.120Z\"}";
    private static final String PREFERENCES = "{\"push\":\"MENTIONS_AND_DIRECT\","
            + "\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"},\"timeZone\":\"Europe/Vienna\"}";

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
                        .problem(403, "your account is deactivated"))
                .operation("GET", "/api/v1/devices", op -> op.tag("Push devices")
                        .summary("My push devices")
                        .description("The caller's registered devices, seen most recently first (at most 20).")
                        .response(200, "My devices", "{\"devices\":[" + DEVICE + "]}"))
                .operation("PUT", "/api/v1/devices/{token}", op -> op.tag("Push devices")
                        .summary("Register or refresh a push device")
                        .description("Call with the app's FCM registration token on every start and whenever FCM"
                                + " gives the app a new token. 201 when the token is new to the caller (new, or"
                                + " registered until now by someone else, to whom it no longer belongs: one token,"
                                + " one person), 200 when it was already the caller's (last seen moves on). The body"
                                + " replaces what was stored: an absent `appVersion` or `locale` is cleared. Each"
                                + " person keeps at most 20 devices: a 21st drops the one seen least recently.")
                        .parameter(
                                "token",
                                "the FCM registration token, percent-encoded: 1 to 4096 printable ASCII characters,"
                                        + " no spaces",
                                FCM_TOKEN)
                        .requestExample(
                                "android",
                                "An Android phone",
                                "{\"platform\":\"ANDROID\",\"appVersion\":\"3.2.1\",\"locale\":\"de-AT\"}")
                        .requestExample("web", "A browser, nothing else known", "{\"platform\":\"WEB\"}")
                        .response(201, "The device, registered to the caller now", DEVICE)
                        .response(200, "The device, refreshed", DEVICE)
                        .problem(400, "platform: must be one of [ANDROID, IOS, WEB]"))
                .operation("DELETE", "/api/v1/devices/{token}", op -> op.tag("Push devices")
                        .summary("Remove a push device")
                        .description("Call on sign-out, so the phone gets no more pushes for this person. 204;"
                                + " a token that is not the caller's (unknown, someone else's, another hotel's)"
                                + " is a 404 alike.")
                        .parameter("token", "the FCM registration token, percent-encoded", FCM_TOKEN)
                        .problem(400, "token: must be printable ASCII without spaces (an FCM registration token)")
                        .problem(404, "device was not found"))
                .operation("GET", "/api/v1/notification-preferences", op -> op.tag("Notification preferences")
                        .summary("My notification preferences")
                        .description("Until the caller saves any: push ALL, no quiet hours, time zone UTC, and"
                                + " `updatedAt` null.")
                        .response(
                                200,
                                "My preferences",
                                PREFERENCES.substring(0, PREFERENCES.length() - 1)
                                        + ",\"updatedAt\":\"2026-05-04T08:15:30.120Z\"}"))
                .operation("PUT", "/api/v1/notification-preferences", op -> op.tag("Notification preferences")
                        .summary("Replace my notification preferences")
                        .description("The whole document. `push`: ALL (everything not muted), MENTIONS_AND_DIRECT"
                                + " (mentions and direct messages only) or NONE. Mentions and direct messages reach"
                                + " you in a muted conversation unless you chose NONE. `quietHours`: `HH:mm` local"
                                + " times in `timeZone` (an IANA id such as Europe/Vienna) during which nothing is"
                                + " pushed, start included, end excluded; it may wrap midnight, start and end must"
                                + " differ; null for none. Fields it does not have are refused.")
                        .requestExample("nights", "Mentions and direct messages, quiet at night", PREFERENCES)
                        .requestExample(
                                "everything",
                                "Everything, never quiet",
                                "{\"push\":\"ALL\",\"quietHours\":null,\"timeZone\":\"UTC\"}")
                        .response(
                                200,
                                "The preferences as stored",
                                PREFERENCES.substring(0, PREFERENCES.length() - 1)
                                        + ",\"updatedAt\":\"2026-05-04T08:15:30.120Z\"}")
                        .problem(
                                400,
                                "quietHours.start: must be a local time HH:mm from 00:00 to 23:59, such as 22:00"));
    }
}

package com.staffchat.gateway;

import java.util.List;

/**
 * Every operation the gateway forwards under {@code /api/v1}, and where. Nothing else under
 * {@code /api/v1} is forwarded: an endpoint a service adds is reachable once it has its line here,
 * and the system test {@code ApiDocumentationSystemTest} fails while this table and the services'
 * OpenAPI documents disagree in either direction.
 */
public final class RouteMap {

    /** The services behind the gateway, by the name their OpenAPI document has at {@code /v3/api-docs/{name}}. */
    public static final List<String> SERVICES = List.of("message", "attachment", "notification");

    /**
     * One forwarded operation.
     *
     * @param service the service that answers it, one of {@link #SERVICES}
     * @param method the HTTP method
     * @param path the path template as the service documents it ({@code /api/v1/conversations/{conversationId}})
     */
    public record ApiRoute(String service, String method, String path) {}

    /** The route map client developers build against, as docs/api.md describes it. */
    public static final List<ApiRoute> API = List.of(
            new ApiRoute("message", "GET", "/api/v1/staff"),
            new ApiRoute("message", "PUT", "/api/v1/admin/staff"),
            new ApiRoute("message", "POST", "/api/v1/admin/snapshots"),
            new ApiRoute("message", "POST", "/api/v1/conversations"),
            new ApiRoute("message", "GET", "/api/v1/conversations"),
            new ApiRoute("message", "GET", "/api/v1/conversations/{conversationId}"),
            new ApiRoute("message", "POST", "/api/v1/conversations/{conversationId}/messages"),
            new ApiRoute("message", "GET", "/api/v1/conversations/{conversationId}/messages"),
            new ApiRoute("message", "GET", "/api/v1/messages/{messageId}"),
            new ApiRoute("message", "PATCH", "/api/v1/messages/{messageId}"),
            new ApiRoute("message", "DELETE", "/api/v1/messages/{messageId}"),
            new ApiRoute("message", "GET", "/api/v1/messages/{messageId}/history"),
            new ApiRoute("message", "GET", "/api/v1/mentions"),
            new ApiRoute("message", "POST", "/api/v1/conversations/{conversationId}/read"),
            new ApiRoute("message", "GET", "/api/v1/messages/{messageId}/receipts"),
            new ApiRoute("message", "GET", "/api/v1/unread"),
            new ApiRoute("message", "POST", "/api/v1/messages/{messageId}/reactions"),
            new ApiRoute("message", "DELETE", "/api/v1/messages/{messageId}/reactions/{emoji}"),
            new ApiRoute("message", "POST", "/api/v1/conversations/{conversationId}/archive"),
            new ApiRoute("message", "DELETE", "/api/v1/conversations/{conversationId}/archive"),
            new ApiRoute("message", "PUT", "/api/v1/conversations/{conversationId}/mute"),
            new ApiRoute("message", "DELETE", "/api/v1/conversations/{conversationId}/mute"),
            new ApiRoute("message", "GET", "/api/v1/sync"),
            new ApiRoute("message", "PATCH", "/api/v1/conversations/{conversationId}"),
            new ApiRoute("message", "POST", "/api/v1/conversations/{conversationId}/participants"),
            new ApiRoute("message", "DELETE", "/api/v1/conversations/{conversationId}/participants/{staffId}"),
            new ApiRoute("message", "PATCH", "/api/v1/conversations/{conversationId}/participants/{staffId}"),
            new ApiRoute("message", "GET", "/api/v1/search"),
            new ApiRoute("attachment", "POST", "/api/v1/conversations/{conversationId}/attachments"),
            new ApiRoute("attachment", "GET", "/api/v1/attachments/{attachmentId}"),
            new ApiRoute("attachment", "DELETE", "/api/v1/attachments/{attachmentId}"),
            new ApiRoute("attachment", "GET", "/api/v1/attachments/{attachmentId}/url"),
            new ApiRoute("attachment", "GET", "/api/v1/attachments/{attachmentId}/thumbnail-url"),
            new ApiRoute("notification", "POST", "/api/v1/realtime/auth"),
            new ApiRoute("notification", "POST", "/api/v1/realtime/user-auth"),
            new ApiRoute("notification", "GET", "/api/v1/devices"),
            new ApiRoute("notification", "PUT", "/api/v1/devices/{token}"),
            new ApiRoute("notification", "DELETE", "/api/v1/devices/{token}"),
            new ApiRoute("notification", "GET", "/api/v1/notification-preferences"),
            new ApiRoute("notification", "PUT", "/api/v1/notification-preferences"));

    /**
     * Operations whose request body is a file upload: streamed through like every body, but given
     * {@code staffchat.uploads.response-timeout} instead of the proxy's short response timeout, which
     * counts from the start of the request and so would cut off a large upload on a slow link.
     */
    public static final List<ApiRoute> UPLOADS =
            List.of(new ApiRoute("attachment", "POST", "/api/v1/conversations/{conversationId}/attachments"));

    /** Where the gateway serves a service's OpenAPI document. */
    public static String documentPath(String service) {
        return "/v3/api-docs/" + service;
    }

    private RouteMap() {}
}

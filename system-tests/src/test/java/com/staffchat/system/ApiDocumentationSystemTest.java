package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.gateway.RouteMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API a client developer reads is the API the gateway forwards: every operation the gateway
 * routes under {@code /api/v1} is in the OpenAPI document of the service it goes to, every
 * documented operation is routed there, and each comes with examples and its problem responses.
 * The documents are the running services' own, fetched through the gateway like Swagger UI does.
 */
class ApiDocumentationSystemTest {

    static StaffChatSystem system;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void startSystem() throws Exception {
        system = StaffChatSystem.shared();
    }

    WebTestClient gateway() {
        return WebTestClient.bindToServer()
                .baseUrl(system.gateway.url())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    JsonNode document(String service) {
        String body = gateway()
                .get()
                .uri(RouteMap.documentPath(service))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode document = JSON.readTree(body);
        assertThat(document.path("openapi").asString())
                .as(service + " document")
                .startsWith("3.");
        return document;
    }

    /** {@code service METHOD /path/{}} with path variables unnamed, so names may differ. */
    static String operation(String service, String method, String path) {
        return service + " " + method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{}");
    }

    @Test
    void everyRoutedOperationIsDocumentedAndEveryDocumentedOperationIsRouted() {
        Set<String> documented = new TreeSet<>();
        for (String service : RouteMap.SERVICES) {
            JsonNode paths = document(service).path("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                if (!path.getKey().startsWith("/api/")) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    if (HTTP_METHODS.contains(method.getKey())) {
                        documented.add(operation(service, method.getKey(), path.getKey()));
                    }
                }
            }
        }
        Set<String> routed = new TreeSet<>();
        for (RouteMap.ApiRoute route : RouteMap.API) {
            routed.add(operation(route.service(), route.method(), route.path()));
        }

        Set<String> routedNotDocumented = new TreeSet<>(routed);
        routedNotDocumented.removeAll(documented);
        Set<String> documentedNotRouted = new TreeSet<>(documented);
        documentedNotRouted.removeAll(routed);
        assertThat(Map.of(
                        "routed by the gateway (RouteMap) but in no OpenAPI document of that service",
                        routedNotDocumented,
                        "in a service's OpenAPI document but not routed to it by the gateway (add it to RouteMap)",
                        documentedNotRouted))
                .allSatisfy(
                        (what, operations) -> assertThat(operations).as(what).isEmpty());
        assertThat(routed).isNotEmpty();
    }

    @Test
    void everyOperationHasExamplesAndTheProblemsItCanAnswer() {
        List<String> missing = new ArrayList<>();
        for (String service : RouteMap.SERVICES) {
            JsonNode document = document(service);
            JsonNode components = document.path("components");
            assertThat(components.path("schemas").has("Problem")).as(service).isTrue();
            assertThat(components
                            .path("securitySchemes")
                            .path("bearer")
                            .path("scheme")
                            .asString())
                    .as(service)
                    .isEqualTo("bearer");
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    if (!HTTP_METHODS.contains(method.getKey())) {
                        continue;
                    }
                    String name = operation(service, method.getKey(), path.getKey());
                    check(name, method.getValue(), components, missing);
                }
            }
        }
        assertThat(missing).as("what the OpenAPI documents lack").isEmpty();
    }

    private static void check(String name, JsonNode operation, JsonNode components, List<String> missing) {
        if (operation.path("summary").asString("").isBlank()) {
            missing.add(name + ": summary");
        }
        JsonNode body = operation.path("requestBody").path("content");
        for (Map.Entry<String, JsonNode> media : body.properties()) {
            if (!hasExample(media.getValue())) {
                missing.add(name + ": request example for " + media.getKey());
            }
        }
        JsonNode responses = operation.path("responses");
        boolean success = false;
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
            int status = Integer.parseInt(response.getKey());
            JsonNode resolved = resolve(response.getValue(), components);
            if (status >= 200 && status < 300) {
                success = true;
                if (status != 204
                        && resolved.path("content").properties().stream().noneMatch(m -> hasExample(m.getValue()))) {
                    missing.add(name + ": example for " + status);
                }
            } else if (status >= 400) {
                JsonNode problem = resolved.path("content").path("application/problem+json");
                if (problem.isMissingNode() || !hasExample(problem)) {
                    missing.add(name + ": application/problem+json example for " + status);
                }
            }
        }
        if (!success) {
            missing.add(name + ": a success response");
        }
        if (name.contains(" /api/") && !responses.has("401")) {
            missing.add(name + ": 401 problem");
        }
    }

    private static JsonNode resolve(JsonNode response, JsonNode components) {
        String ref = response.path("$ref").asString("");
        String prefix = "#/components/responses/";
        return ref.startsWith(prefix) ? components.path("responses").path(ref.substring(prefix.length())) : response;
    }

    private static boolean hasExample(JsonNode media) {
        return media.has("example") || !media.path("examples").isEmpty();
    }

    @Test
    void swaggerUiThroughTheGatewayListsEveryServicesDocument() {
        gateway()
                .get()
                .uri("/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("swagger-ui"));
        JsonNode config = JSON.readTree(gateway()
                .get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        List<String> urls = new ArrayList<>();
        config.path("urls").forEach(u -> urls.add(u.path("url").asString()));
        assertThat(urls)
                .containsExactlyInAnyOrderElementsOf(
                        RouteMap.SERVICES.stream().map(RouteMap::documentPath).toList());
    }

    static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
}

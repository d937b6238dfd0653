package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics and the other actuator endpoints are not for the world: each service, run from its jar as
 * shipped, answers them only on its management port, never on the port clients (or a scanner) reach.
 */
class ManagementPortSystemTest {

    static StaffChatSystem system;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startSystem() throws Exception {
        system = StaffChatSystem.shared();
    }

    @Test
    void gatewaysPublicPortServesNoActuatorEndpoint() throws Exception {
        for (String path : List.of(
                "/actuator/prometheus",
                "/actuator/env",
                "/actuator/health",
                "/actuator/gateway/routes",
                "/actuator/configprops")) {
            assertNotServed(system.gateway.url() + path);
        }
    }

    @Test
    void noServicesMainPortServesMetricsOrEnvironment() throws Exception {
        List<String> problems = new ArrayList<>();
        for (ServiceProcess service : system.services) {
            for (String path : List.of("/actuator/prometheus", "/actuator/env")) {
                HttpResponse<String> response = get(service.url() + path);
                if (!refused(response)) {
                    problems.add(service.module + " " + path + " on its main port answered " + response.statusCode()
                            + ": " + head(response.body()));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServicesManagementPortServesPrometheusAndHealthButNotEnvironment() throws Exception {
        // env is not exposed at all: 404, or 401 where the service's token check runs before the lookup.
        List<String> problems = new ArrayList<>();
        for (ServiceProcess service : system.services) {
            HttpResponse<String> prometheus = get(service.managementUrl() + "/actuator/prometheus");
            if (prometheus.statusCode() != 200 || !prometheus.body().contains("jvm_memory_used_bytes")) {
                problems.add(service.module + " prometheus on the management port answered " + prometheus.statusCode()
                        + ": " + head(prometheus.body()));
            }
            HttpResponse<String> readiness = get(service.managementUrl() + "/actuator/health/readiness");
            if (readiness.statusCode() != 200) {
                problems.add(service.module + " readiness on the management port answered " + readiness.statusCode());
            }
            HttpResponse<String> env = get(service.managementUrl() + "/actuator/env");
            if (!refused(env)) {
                problems.add(service.module + " /actuator/env on the management port answered " + env.statusCode());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void assertNotServed(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(refused(response))
                .as("GET %s answered %s: %s", url, response.statusCode(), head(response.body()))
                .isTrue();
    }

    /** 404, or a 401 problem (the service's security asks for a token before it finds nothing). */
    private static boolean refused(HttpResponse<String> response) {
        return response.statusCode() == 404
                || (response.statusCode() == 401
                        && response.headers()
                                .firstValue("Content-Type")
                                .orElse("")
                                .startsWith("application/problem+json"));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String head(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}

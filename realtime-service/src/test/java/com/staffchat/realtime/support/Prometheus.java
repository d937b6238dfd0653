package com.staffchat.realtime.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the server's {@code /actuator/prometheus} page as a scraper would. */
public final class Prometheus {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public Prometheus(int port) {
        this.port = port;
    }

    public String scrape() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
            }
            return response.body();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The value of the sample {@code name{labels}} (labels exactly as printed, e.g. {@code app="x"}), or -1 if absent. */
    public double value(String name, String labels) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + ",?}\\s+(\\S+)$")
                .matcher(scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}

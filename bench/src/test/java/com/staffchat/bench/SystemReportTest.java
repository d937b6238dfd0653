package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SystemReportTest {

    private static final Latency FAST = new Latency(100, 10, 40, 45, 50);
    private static final Latency SLOW = new Latency(100, 900, 4_600, 4_900, 5_000);

    private static SystemBench.Step step(String name, int rate, Latency latency, boolean holds, List<TimerDelta> hops) {
        return new SystemBench.Step(
                name,
                rate,
                15,
                holds ? rate : rate * 0.24,
                rate * 15L,
                rate * 15L,
                latency,
                holds ? Map.of() : Map.of("503 service-unavailable", 1041L),
                rate * 15L,
                holds ? 0 : 3,
                holds ? 0 : 2,
                0,
                latency,
                List.of(new ProcessUsage.Load("gateway", 37.7, 360, 361)),
                22.5,
                Map.of("message-service", hops),
                Map.of(),
                holds ? "holds" : "fails clearly: achieved 24 of 100/s",
                holds);
    }

    private static SystemBench.Result result() {
        TimerDelta commit = new TimerDelta("staffchat_pipeline_hop_seconds", "send.commit", 1500, 2.5, 9.75, false);
        return new SystemBench.Result(
                "bench-x",
                "http://127.0.0.1:8080",
                600,
                80,
                120,
                5,
                50,
                200,
                43_900,
                30,
                10,
                step("idle", 5, FAST, true, List.of()),
                List.of(step("100/s", 100, FAST, true, List.of(commit)), step("250/s", 250, SLOW, false, List.of())),
                "after 250/s (fails clearly): [500] not run",
                100,
                0.25,
                new SystemBench.Busy(50, step("busy", 500, SLOW, false, List.of()), 2, 1),
                new SystemBench.FanOut(
                        500, 1188, 500, 500, List.of(), 21_149, List.of(84.0, 61.8), 61.8, 84.0, 0, Map.of()),
                0,
                List.of());
    }

    @Test
    void theTableHasEveryStepTheVerdictTheHighestRateAndWhySteppingStopped() {
        StringBuilder md = new StringBuilder();
        SystemReport.markdown(md, result(), 400.0);

        assertThat(md.toString())
                .contains("| idle | 5 |")
                .contains("| 250/s | 250 | 60.00 | 900 / 4,600 / 4,900 | 503 service-unavailable: 1041 |")
                .contains("| 3 (2) |")
                .contains("**Highest rate that holds the targets:** 100 messages/s, 25.00 % of PostgreSQL's 400 send")
                .contains("Stepping stopped early after 250/s (fails clearly): [500] not run.")
                .contains("| gateway | 37.70 %, 360 / 361 MB |")
                .contains("**2 gaps, 1 out of order**")
                .contains("Creating a group of 500 took **1188 ms**")
                .contains("**p50 61.80 ms, max 84.00 ms**");
    }

    @Test
    void hopsAreListedAsFoundAndAServiceWithoutAnySaysNoneReported() {
        StringBuilder md = new StringBuilder();
        SystemReport.markdown(md, result(), null);

        assertThat(md.toString())
                .contains("| 100/s | message-service | send.commit | 1500 | 2.50 | 9.75 |")
                .contains("| 250/s | message-service | hops: none reported | | | |");
    }

    @Test
    void theRunsJsonCarriesTheSystemStepsAndThePlotIsWritten(@TempDir Path dir) throws Exception {
        new BenchReport(
                        "2026-11-29T18:00:00Z",
                        new BenchReport.Machine(2, 24105, "Linux amd64", "17.0.1", "0.50 0.40 0.30"),
                        null,
                        null,
                        result(),
                        null,
                        null)
                .write(dir);

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("bench.json")));
        assertThat(json.path("system").path("highestRateHoldingTargets").asInt())
                .isEqualTo(100);
        assertThat(json.path("system")
                        .path("steps")
                        .get(1)
                        .path("send")
                        .path("p99")
                        .asDouble())
                .isEqualTo(4_600.0);
        assertThat(json.path("system").path("busy").path("gaps").asLong()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("latency.svg")))
                .contains("<polyline")
                .contains(">send p99<");
    }
}
